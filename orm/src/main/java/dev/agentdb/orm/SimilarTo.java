package dev.agentdb.orm;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the {@code float[]} parameter of a declarative repository's {@code @Find} method as the query
 * vector of a similarity search: the method returns the {@link #k()} entities closest to it (by the
 * collection's metric) among those its {@code @By} parameters select, closest first. The method returns
 * {@code List<Hit<T>>} (entity, score, distance) or {@code List<T>}; a {@code jakarta.data.Limit}
 * parameter, when present, replaces {@code k} with its {@code maxResults}.
 *
 * <pre>{@code
 * @Find
 * List<Hit<Note>> similar(@SimilarTo(k = 5) float[] embedding, @By("topic") String topic);
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface SimilarTo {
    /** @return neighbours wanted, 1 to {@link dev.agentdb.Limits#MAX_K}; default 10 */
    int k() default 10;

    /** @return the lowest score kept, or NaN (the default) for none */
    double threshold() default Double.NaN;

    /** @return whether to compare with every matching entity instead of using the index */
    boolean exact() default false;
}
