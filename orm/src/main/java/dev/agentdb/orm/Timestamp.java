package dev.agentdb.orm;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the property stored as the record's timestamp ({@link dev.agentdb.VectorRecord#timestamp()},
 * milliseconds since the epoch) rather than as a metadata key: an {@link java.time.Instant} (kept
 * to the millisecond) or a {@code long}/{@code Long} of milliseconds. At most one per entity. A null
 * value is set to the current time when the entity is saved or inserted. It can be sorted on
 * ({@code orderBy}) but not filtered on; an entity without one still has a record timestamp, sorted
 * on by the name {@code timestamp}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface Timestamp {
}
