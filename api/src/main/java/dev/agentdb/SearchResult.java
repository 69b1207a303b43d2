package dev.agentdb;

import java.util.Map;

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
}
