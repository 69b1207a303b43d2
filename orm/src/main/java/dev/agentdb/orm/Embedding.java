package dev.agentdb.orm;

import dev.agentdb.IndexParams;
import dev.agentdb.Metric;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the {@code float[]} property of an entity that holds its embedding, and says how its
 * collection is created: dimension, metric and index parameters (the {@link dev.agentdb.CollectionSpec}).
 * Exactly one property of an entity carries it; on a record, annotate the component.
 *
 * <pre>{@code
 * @Entity @Table(name = "docs")
 * record Doc(@Id String id, @Embedding(dimension = 384, metric = Metric.COSINE) float[] embedding, String category) { }
 * }</pre>
 *
 * <p>The defaults are those of {@link IndexParams#DEFAULT}. A collection that already exists keeps
 * its index parameters; its dimension and metric must equal these (checked when the repository is
 * created).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface Embedding {
    /** @return the embedding length, 1 to {@link dev.agentdb.Limits#MAX_DIMENSION} */
    int dimension();

    /** @return how embeddings are compared; default {@link Metric#COSINE} */
    Metric metric() default Metric.COSINE;

    /** @return the index kind; default HNSW */
    IndexParams.IndexType index() default IndexParams.IndexType.HNSW;

    /** @return HNSW {@code M}, 2 to {@link dev.agentdb.Limits#MAX_M} */
    int m() default IndexParams.DEFAULT_M;

    /** @return HNSW {@code efConstruction}, {@code m} to {@link dev.agentdb.Limits#MAX_EF} */
    int efConstruction() default IndexParams.DEFAULT_EF_CONSTRUCTION;

    /** @return HNSW default {@code efSearch}, 1 to {@link dev.agentdb.Limits#MAX_EF} */
    int efSearch() default IndexParams.DEFAULT_EF_SEARCH;

    /** @return IVFFlat number of lists (only with {@code index = IVFFLAT}) */
    int lists() default IndexParams.DEFAULT_LISTS;

    /** @return IVFFlat default probes (only with {@code index = IVFFLAT}) */
    int probes() default IndexParams.DEFAULT_PROBES;
}
