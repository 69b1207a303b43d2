package dev.agentdb;

import java.util.regex.Pattern;

/**
 * The documented input limits every backend enforces before it writes anything. Exceeding one
 * raises {@link InvalidInputException} naming the field and the limit.
 */
public final class Limits {
    /** Largest embedding dimension accepted (pgvector's {@code vector} type limit). */
    public static final int MAX_DIMENSION = 16_000;
    /** Largest {@code k} a search may ask for. */
    public static final int MAX_K = 10_000;
    /** Most records one {@code find} returns ({@link FindRequest#limit()}). */
    public static final int MAX_FIND_LIMIT = 10_000;
    /**
     * Largest {@code find} offset: deeper pages cost the backend a scan of every skipped record;
     * page further by filtering on the sort key (keyset pagination).
     */
    public static final long MAX_FIND_OFFSET = 100_000;
    /** Most sort keys of one {@code find}. */
    public static final int MAX_SORT_KEYS = 8;
    /** Largest record id, in UTF-16 characters. */
    public static final int MAX_ID_LENGTH = 512;
    /** Largest metadata object, in bytes of its UTF-8 JSON encoding (64 KiB). */
    public static final int MAX_METADATA_BYTES = 65_536;
    /** Largest optional record text, in bytes of UTF-8 (1 MiB). */
    public static final int MAX_TEXT_BYTES = 1_048_576;
    /** Deepest nesting of metadata paths in filters ({@code a.b.c} has depth 3). */
    public static final int MAX_PATH_DEPTH = 16;
    /** Largest efSearch / efConstruction accepted. */
    public static final int MAX_EF = 100_000;
    /** Largest HNSW {@code M} accepted. */
    public static final int MAX_M = 512;
    /**
     * Largest IVFFlat {@code lists} (and per-request {@code probes}) accepted: pgvector's limit
     * ({@code IVFFLAT_MAX_LISTS}, also the maximum of {@code ivfflat.probes}).
     */
    public static final int MAX_LISTS = 32_768;
    /** Collection names: a letter or underscore, then up to 62 letters, digits or underscores. */
    public static final Pattern COLLECTION_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    /** Collection-name prefixes (case-insensitive) reserved for engine tables on every backend. */
    public static final java.util.List<String> RESERVED_COLLECTION_PREFIXES = java.util.List.of("agentdb_", "hnsw_", "sqlite_", "pg_", "system_");
    /** One segment of a metadata path such as {@code a.b}: letters, digits, {@code _} and {@code -}, 1 to 64 characters. */
    public static final Pattern PATH_SEGMENT = Pattern.compile("[A-Za-z0-9_\\-]{1,64}");

    private Limits() {
    }
}
