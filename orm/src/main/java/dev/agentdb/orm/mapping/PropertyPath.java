package dev.agentdb.orm.mapping;

/**
 * A query path resolved against an entity.
 *
 * @param path the path as the caller wrote it (Java property names)
 * @param property the entity property the path starts with
 * @param storedPath the metadata path as stored (keys renamed by {@code @Column(name)})
 */
public record PropertyPath(String path, Property property, String storedPath) {
}
