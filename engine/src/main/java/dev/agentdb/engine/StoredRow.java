package dev.agentdb.engine;

import dev.agentdb.internal.Json;

import java.util.Collections;
import java.util.Map;

/**
 * One record as a backend read it for a search result. The metadata stays in the form the backend
 * holds it (JSON text, or an already decoded map) and is parsed only when the row becomes a result.
 */
public final class StoredRow {
    private final String id;
    private final float[] embedding;
    private final String metadataJson;
    private final Map<String, Object> metadataMap;
    private final String text;

    private StoredRow(String id, float[] embedding, String metadataJson, Map<String, Object> metadataMap, String text) {
        this.id = id;
        this.embedding = embedding;
        this.metadataJson = metadataJson;
        this.metadataMap = metadataMap;
        this.text = text;
    }

    /**
     * A row whose metadata is JSON text.
     *
     * @param id the record id; not null
     * @param embedding the embedding when it was asked for, else null
     * @param metadataJson the metadata as a JSON object, or null for none
     * @param text the record's text, or null
     * @return the row
     */
    public static StoredRow ofJson(String id, float[] embedding, String metadataJson, String text) {
        return new StoredRow(id, embedding, metadataJson, null, text);
    }

    /**
     * A row whose metadata is already decoded (document backends).
     *
     * @param id the record id; not null
     * @param embedding the embedding when it was asked for, else null
     * @param metadata the metadata (unmodifiable), or null for none
     * @param text the record's text, or null
     * @return the row
     */
    public static StoredRow ofMap(String id, float[] embedding, Map<String, Object> metadata, String text) {
        return new StoredRow(id, embedding, null, metadata, text);
    }

    /** @return an estimate of the bytes this row holds (strings and metadata; not the embedding) */
    long estimatedBytes() {
        return 2L * (id.length() + (metadataJson == null ? 0 : metadataJson.length()) + (text == null ? 0 : text.length()))
                + (metadataMap == null ? 0 : 64L * metadataMap.size());
    }

    /** @return the record id */
    public String id() {
        return id;
    }

    /** @return the embedding, or null when it was not read */
    public float[] embedding() {
        return embedding;
    }

    /** @return the record's text, or null */
    public String text() {
        return text;
    }

    /**
     * @return the metadata (unmodifiable), parsed now when it is JSON text (key order kept, integers as {@code Long}; empty for none)
     * @throws dev.agentdb.AgentDBException when the stored JSON is not an object
     */
    public Map<String, Object> metadata() {
        if (metadataMap != null) {
            return metadataMap;
        }
        return Collections.unmodifiableMap(Json.readObject(metadataJson)); // as SearchResult documents, on every backend
    }
}
