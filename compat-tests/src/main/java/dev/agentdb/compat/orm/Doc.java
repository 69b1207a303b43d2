package dev.agentdb.compat.orm;

import dev.agentdb.orm.Embedding;
import dev.agentdb.orm.Text;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The README's document.
 *
 * @param id id
 * @param embedding embedding (cosine)
 * @param body text
 * @param category category
 */
@Entity
@Table(name = "docs")
public record Doc(@Id String id, @Embedding(dimension = 3) float[] embedding, @Text String body, String category) {
}
