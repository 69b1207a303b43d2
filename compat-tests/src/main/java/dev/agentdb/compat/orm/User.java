package dev.agentdb.compat.orm;

import dev.agentdb.Metric;
import dev.agentdb.orm.Embedding;
import dev.agentdb.orm.Timestamp;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * The README's user.
 *
 * @param id id
 * @param embedding embedding
 * @param createdAt the record timestamp
 * @param role role
 */
@Entity
@Table(name = "users")
public record User(@Id String id, @Embedding(dimension = 3, metric = Metric.COSINE) float[] embedding, @Timestamp Instant createdAt,
                   String role) {
}
