package dev.agentdb.compat.orm;

import dev.agentdb.Metric;
import dev.agentdb.orm.Embedding;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A small entity for the streaming and paging checks.
 *
 * @param id id
 * @param v embedding (2, L2)
 * @param n a distinct number in another order than the ids
 */
@Entity
@Table(name = "orm_rows")
public record Row(@Id String id, @Embedding(dimension = 2, metric = Metric.L2) float[] v, int n) {
}
