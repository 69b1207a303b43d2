package dev.agentdb.orm;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the {@code String} property stored as the record's text (the source text of the
 * embedding, {@link dev.agentdb.VectorRecord#text()}) rather than as a metadata key. At most one
 * per entity; it is returned with the entity but cannot be filtered or sorted on.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface Text {
}
