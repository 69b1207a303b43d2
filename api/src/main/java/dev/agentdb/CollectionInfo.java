package dev.agentdb;

/**
 * A collection's name and spec, as listed by {@link AgentDB#listCollections()}.
 *
 * @param name the collection name
 * @param spec its dimension, metric and index parameters
 */
public record CollectionInfo(String name, CollectionSpec spec) {
}
