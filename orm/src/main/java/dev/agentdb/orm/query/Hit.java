package dev.agentdb.orm.query;

/**
 * One entity found by a similarity query, with how close it is ({@link dev.agentdb.Metric} defines both
 * numbers for each metric; identical on every backend).
 *
 * @param entity the entity, embedding included
 * @param score similarity, higher is closer
 * @param distance dissimilarity, lower is closer
 * @param <T> the entity type
 */
public record Hit<T>(T entity, double score, double distance) {
}
