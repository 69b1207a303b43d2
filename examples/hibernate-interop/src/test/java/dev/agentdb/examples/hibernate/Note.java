package dev.agentdb.examples.hibernate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Array;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.util.HashMap;
import java.util.Map;

/**
 * A Hibernate 7 entity mapped onto the table of the AgentDB collection {@code notes} on PostgreSQL,
 * column for column as {@code PostgresDdl} creates it: {@code id text COLLATE "C" PRIMARY KEY,
 * embedding vector(3) NOT NULL, metadata jsonb NOT NULL, text text, "timestamp" bigint NOT NULL}.
 *
 * <p>The schema is not named here: the tests run in a fresh schema each and give it to Hibernate as
 * {@code hibernate.default_schema}; an application names AgentDB's {@code ?schema=} (default
 * {@code public}) in {@code @Table(schema = ...)} or in that property. AgentDB creates the table
 * (with its pgvector and GIN indexes and its registry row); Hibernate only validates it.
 */
@Entity
@Table(name = "notes")
public class Note {
    /** The collection's dimension: {@code @Array(length)} must equal it, pgvector refuses other lengths. */
    public static final int DIMENSION = 3;

    @Id
    @Column(columnDefinition = "text")
    private String id;

    @JdbcTypeCode(SqlTypes.VECTOR)
    @Array(length = DIMENSION)
    @Column(nullable = false)
    private float[] embedding;

    /** A JSON object, never null: the column is NOT NULL and AgentDB reads metadata as an object. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    private Map<String, Object> metadata = new HashMap<>();

    @Column(columnDefinition = "text")
    private String text;

    /** AgentDB's record timestamp: epoch milliseconds, required (AgentDB sets it to "now" on its own writes). */
    @Column(name = "`timestamp`", nullable = false)
    private long timestamp;

    /** For Hibernate. */
    protected Note() {
    }

    /**
     * @param id the record id
     * @param embedding {@value #DIMENSION} components
     * @param metadata a JSON object's entries (strings, numbers, booleans, lists, maps)
     * @param text the record text, or null
     * @param timestamp epoch milliseconds
     */
    public Note(String id, float[] embedding, Map<String, Object> metadata, String text, long timestamp) {
        this.id = id;
        this.embedding = embedding;
        this.metadata = new HashMap<>(metadata);
        this.text = text;
        this.timestamp = timestamp;
    }

    /** @return the record id */
    public String getId() {
        return id;
    }

    /** @return the embedding */
    public float[] getEmbedding() {
        return embedding;
    }

    /** @param embedding the new embedding, {@value #DIMENSION} components */
    public void setEmbedding(float[] embedding) {
        this.embedding = embedding;
    }

    /** @return the metadata (mutable; Hibernate writes a changed map back) */
    public Map<String, Object> getMetadata() {
        return metadata;
    }

    /** @return the text, or null */
    public String getText() {
        return text;
    }

    /** @return epoch milliseconds */
    public long getTimestamp() {
        return timestamp;
    }
}
