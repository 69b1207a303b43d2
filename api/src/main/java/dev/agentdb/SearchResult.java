package dev.agentdb;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * One neighbour found by a search. {@code score} and {@code distance} follow the definitions in
 * {@link Metric} for the metric the search ranked by.
 *
 * @param id the record id
 * @param score similarity, higher is closer
 * @param distance dissimilarity, lower is closer
 * @param metadata the record's metadata (an unmodifiable JSON object; empty when none)
 * @param text the record's text, or null
 * @param embedding the record's embedding when the request asked for vectors, otherwise null
 */
public record SearchResult(String id, double score, double distance, Map<String, Object> metadata, String text,
                           float[] embedding) {

    /** Value equality, comparing the embedding by content. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SearchResult)) {
            return false;
        }
        SearchResult r = (SearchResult) o;
        return id.equals(r.id) && Double.compare(score, r.score) == 0 && Double.compare(distance, r.distance) == 0
                && Objects.equals(metadata, r.metadata) && Objects.equals(text, r.text) && Arrays.equals(embedding, r.embedding);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, score, distance, metadata, text, Arrays.hashCode(embedding));
    }

    @Override
    public String toString() {
        return "SearchResult[id=" + id + ", score=" + score + ", distance=" + distance + ", metadata=" + metadata
                + (embedding == null ? "" : ", dimension=" + embedding.length) + "]";
    }
}
