package dev.agentdb.compat.orm;

import dev.agentdb.Metric;
import dev.agentdb.orm.Embedding;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.List;

/** A class entity (fields, no-argument constructor) with a numeric id. */
@Entity
@Table(name = "orm_notes")
public class Note {
    /** id */
    @Id
    public Long id;
    /** embedding */
    @Embedding(dimension = 2, metric = Metric.COSINE)
    public float[] embedding;
    /** title */
    public String title;
    /** labels */
    public List<String> labels;

    /** For Jackson. */
    public Note() {
    }

    /**
     * @param id id
     * @param embedding embedding
     * @param title title
     * @param labels labels
     */
    public Note(Long id, float[] embedding, String title, List<String> labels) {
        this.id = id;
        this.embedding = embedding;
        this.title = title;
        this.labels = labels;
    }
}
