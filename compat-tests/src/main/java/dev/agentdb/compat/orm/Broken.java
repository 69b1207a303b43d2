package dev.agentdb.compat.orm;

import dev.agentdb.Metric;
import dev.agentdb.orm.Embedding;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.Date;

/** Entities whose mapping must be refused when a repository is created. */
public final class Broken {
    private Broken() {
    }

    /**
     * No {@code @Id}.
     *
     * @param v embedding
     */
    @Entity
    public record NoId(@Embedding(dimension = 2) float[] v) {
    }

    /**
     * Two embeddings.
     *
     * @param id id
     * @param a embedding
     * @param b another embedding
     */
    @Entity
    public record TwoEmbeddings(@Id String id, @Embedding(dimension = 2) float[] a, @Embedding(dimension = 2) float[] b) {
    }

    /**
     * An unsupported type.
     *
     * @param id id
     * @param v embedding
     * @param when a java.util.Date
     */
    @Entity
    public record OldDate(@Id String id, @Embedding(dimension = 2) float[] v, Date when) {
    }

    /**
     * The collection of {@link Item} with another dimension.
     *
     * @param id id
     * @param v embedding of 3
     */
    @Entity
    @Table(name = "orm_items")
    public record OtherDimension(@Id String id, @Embedding(dimension = 3, metric = Metric.L2) float[] v) {
    }

    /**
     * The collection of {@link Item} with another metric.
     *
     * @param id id
     * @param v embedding of 4, cosine
     */
    @Entity
    @Table(name = "orm_items")
    public record OtherMetric(@Id String id, @Embedding(dimension = 4, metric = Metric.COSINE) float[] v) {
    }
}
