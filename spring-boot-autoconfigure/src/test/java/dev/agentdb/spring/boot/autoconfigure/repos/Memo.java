package dev.agentdb.spring.boot.autoconfigure.repos;

import dev.agentdb.orm.Embedding;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A test entity: a memo with a 2-dimensional embedding and a topic. */
@Entity
@Table(name = "memos")
public record Memo(@Id String id, @Embedding(dimension = 2) float[] embedding, String topic) {
}
