package dev.agentdb.orm.mapping;

import com.fasterxml.jackson.databind.JavaType;

/**
 * One mapped property of an entity (or of a nested type).
 *
 * @param name the Java name (field or record component), as queries and Jakarta Data sorts name it
 * @param key the stored name: the metadata key, or {@code @Column(name)} when given
 * @param role where the value is stored
 * @param type the property's Java type, as Jackson resolved it
 */
public record Property(String name, String key, Role role, JavaType type) {

    /** Where a property's value is stored in a {@link dev.agentdb.VectorRecord}. */
    public enum Role {
        /** The record id ({@code @Id}). */
        ID,
        /** The record embedding ({@code @Embedding}). */
        EMBEDDING,
        /** The record text ({@code @Text}). */
        TEXT,
        /** The record timestamp ({@code @Timestamp}). */
        TIMESTAMP,
        /** A metadata key (every other property). */
        METADATA
    }
}
