package dev.agentdb.examples.notes;

import dev.agentdb.orm.Embedding;
import dev.agentdb.orm.Text;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A note, stored as one record of the {@code notes} collection: its text, the embedding of the text
 * (all-MiniLM-L6-v2, 384 dimensions, cosine) and a topic as metadata.
 *
 * @param id the id; null to have one generated when saved
 * @param embedding the embedding of {@code text}, {@code float[384]}
 * @param text the note
 * @param topic its topic, or null
 */
@Entity
@Table(name = "notes")
public record Note(@Id String id, @Embedding(dimension = 384) float[] embedding, @Text String text, String topic) {
}
