package dev.agentdb;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One stored item of a collection: an id, an embedding of the collection's dimension, a metadata
 * JSON object, optional text and a timestamp.
 *
 * <p>Metadata values are what Jackson maps JSON to: {@code String}, {@code Number}
 * ({@code Integer}, {@code Long}, {@code Double}, ...), {@code Boolean}, {@code null}, {@code List}
 * and nested {@code Map<String, Object>}.
 *
 * @param id the record id, 1 to {@link Limits#MAX_ID_LENGTH} characters; null on insert means
 *           "generate one" (a random UUID)
 * @param embedding the vector, {@code float[dimension]}, every component finite; never null.
 *                  Not copied: do not mutate it after handing it over
 * @param metadata a JSON object; null is stored as an empty object; at most
 *                 {@link Limits#MAX_METADATA_BYTES} bytes of UTF-8 JSON
 * @param text optional source text the embedding was computed from; may be null
 * @param timestamp creation time in milliseconds since the epoch (UTC); null on insert means "now"
 */
public record VectorRecord(String id, float[] embedding, Map<String, Object> metadata, String text, Long timestamp) {

    /**
     * Normalises a null metadata to an empty, unmodifiable map and copies a non-null one into an
     * unmodifiable map (a shallow copy: nested maps and lists are shared). Nothing else is
     * validated here; the collection validates the record when it is inserted.
     *
     * @param id the record id, 1 to {@link Limits#MAX_ID_LENGTH} characters, or null to have one
     *           generated on insert
     * @param embedding the vector, {@code float[dimension]}, finite components; not copied
     * @param metadata a JSON object as a map, or null for an empty one; at most
     *                 {@link Limits#MAX_METADATA_BYTES} bytes of UTF-8 JSON
     * @param text the source text, or null
     * @param timestamp creation time in milliseconds since the epoch (UTC), or null for "now" on insert
     */
    public VectorRecord {
        metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * @param embedding the vector, {@code float[dimension]}
     * @param metadata a JSON object, may be null
     * @return a record whose id and timestamp are assigned on insert
     */
    public static VectorRecord of(float[] embedding, Map<String, Object> metadata) {
        return new VectorRecord(null, embedding, metadata, null, null);
    }

    /**
     * @param id the record id; null to have one generated
     * @param embedding the vector, {@code float[dimension]}
     * @param metadata a JSON object, may be null
     * @return a record whose timestamp is assigned on insert
     */
    public static VectorRecord of(String id, float[] embedding, Map<String, Object> metadata) {
        return new VectorRecord(id, embedding, metadata, null, null);
    }

    /**
     * @param newId the id to use
     * @return a copy of this record with another id
     */
    public VectorRecord withId(String newId) {
        return new VectorRecord(newId, embedding, metadata, text, timestamp);
    }

    /**
     * @param newTimestamp milliseconds since the epoch, may be null
     * @return a copy of this record with another timestamp
     */
    public VectorRecord withTimestamp(Long newTimestamp) {
        return new VectorRecord(id, embedding, metadata, text, newTimestamp);
    }

    /** @return the embedding's dimension, or 0 when it is null */
    public int dimension() {
        return embedding == null ? 0 : embedding.length;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof VectorRecord)) {
            return false;
        }
        VectorRecord r = (VectorRecord) o;
        return Objects.equals(id, r.id) && Arrays.equals(embedding, r.embedding) && metadata.equals(r.metadata)
                && Objects.equals(text, r.text) && Objects.equals(timestamp, r.timestamp);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, Arrays.hashCode(embedding), metadata, text, timestamp);
    }

    @Override
    public String toString() {
        return "VectorRecord[id=" + id + ", dimension=" + dimension() + ", metadata=" + metadata
                + (text == null ? "" : ", text=" + (text.length() > 40 ? text.substring(0, 40) + "..." : text))
                + ", timestamp=" + timestamp + "]";
    }
}
