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
    /**
     * Largest record id, in UTF-16 characters. Ids, like every string AgentDB stores (metadata keys
     * and string values, text), are well-formed Unicode without NUL: see {@link #STRING_DOMAIN}.
     */
    public static final int MAX_ID_LENGTH = 512;
    /** Largest metadata object, in bytes of its UTF-8 JSON encoding (64 KiB). */
    public static final int MAX_METADATA_BYTES = 65_536;
    /**
     * Deepest nesting of a record's metadata: the metadata object itself is level 1 and every object
     * or array inside it one level more, so {@code {"a": {"b": [1]}}} has depth 3. Checked when a
     * record is written, so that every stored record can be read, filtered on, scanned and migrated
     * on every backend.
     *
     * <p>Why 64: it is well inside what every backend's JSON functions accept. SQLite's JSON
     * functions refuse nesting deeper than 1,000 (and then fail every filtered query of the
     * collection), Jackson reads at most 1,000 levels, MySQL's {@code JSON} type and MongoDB's BSON
     * documents stop at 100, and PostgreSQL's jsonb is bounded by its stack depth. 64 leaves a
     * margin below the smallest of these (100) and is far deeper than real metadata goes.
     */
    public static final int MAX_METADATA_DEPTH = 64;
    /** Largest optional record text, in bytes of UTF-8 (1 MiB). */
    public static final int MAX_TEXT_BYTES = 1_048_576;
    /** Deepest nesting of metadata paths in filters ({@code a.b.c} has depth 3). */
    public static final int MAX_PATH_DEPTH = 16;
    /**
     * Deepest filter expression tree: a comparison, {@code $in}, {@code $nin} or {@code $exists} has
     * depth 1, and every {@code $and}, {@code $or} and {@code $not} around it adds one ({@code $nor}
     * adds two: it is {@code $not} of {@code $or}). Checked when the filter is built or parsed.
     *
     * <p>Why 32: SQLite refuses SQL expressions deeper than 1,000, and each filter level costs the
     * translated SQL several expression levels; 32 keeps every backend far inside its limit while
     * deeper than any filter a person or a query builder writes.
     */
    public static final int MAX_FILTER_DEPTH = 32;
    /**
     * Most clauses in one filter: every comparison, {@code $in}, {@code $nin}, {@code $exists},
     * {@code $and}, {@code $or} and {@code $not} counts one. Checked when the filter is built or
     * parsed.
     *
     * <p>Why 256: SQLite nests the operands of one {@code AND}/{@code OR} into an expression as deep
     * as their number and refuses depth 1,000 (an {@code or} of 1,000 comparisons fails there, and
     * about 800 still pass with today's translation); 256 leaves a margin of three to four on SQLite
     * and far more on PostgreSQL. A long list of alternatives for one path belongs in one
     * {@code $in} clause, which holds up to {@link #MAX_IN_VALUES} values.
     */
    public static final int MAX_FILTER_CLAUSES = 256;
    /** Most values in one {@code $in} or {@code $nin} list. */
    public static final int MAX_IN_VALUES = 1_000;
    /**
     * Most values in one filter: the values of every comparison and every {@code $in}/{@code $nin}
     * list together. Checked when the filter is built or parsed.
     *
     * <p>Why 4,096: each value becomes up to four bound parameters of the translated SQL, and
     * PostgreSQL and MySQL accept at most 65,535 parameters per statement and a default SQLite build
     * 32,766; 4,096 values stay well below the smallest of these.
     */
    public static final int MAX_FILTER_VALUES = 4_096;
    /** Largest efSearch / efConstruction accepted. */
    public static final int MAX_EF = 100_000;
    /** Largest HNSW {@code M} accepted. */
    public static final int MAX_M = 512;
    /**
     * Largest IVFFlat {@code lists} (and per-request {@code probes}) accepted: pgvector's limit
     * ({@code IVFFLAT_MAX_LISTS}, also the maximum of {@code ivfflat.probes}).
     */
    public static final int MAX_LISTS = 32_768;
    /**
     * Collection names: a letter or underscore, then up to 62 letters, digits or underscores.
     *
     * <p>Names keep the case they were created with and are looked up exactly, but two names that
     * differ only in case cannot both exist, on any backend: creating {@code abc} while {@code Abc}
     * exists throws {@link ConflictException} naming both (SQLite table names are case-insensitive;
     * PostgreSQL folds unquoted identifiers to lower case, so tools and people mix them up there too).
     */
    public static final Pattern COLLECTION_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    /** Collection-name prefixes (case-insensitive) reserved for engine tables on every backend. */
    public static final java.util.List<String> RESERVED_COLLECTION_PREFIXES = java.util.List.of("agentdb_", "hnsw_", "sqlite_", "pg_", "system_");
    /** One segment of a metadata path such as {@code a.b}: letters, digits, {@code _} and {@code -}, 1 to 64 characters. */
    public static final Pattern PATH_SEGMENT = Pattern.compile("[A-Za-z0-9_\\-]{1,64}");

    /**
     * The strings AgentDB stores, on every backend: ids, metadata keys and string values (at any
     * depth), text, and the string values of filters are well-formed UTF-16 (every surrogate in a
     * pair) without the NUL character U+0000. An unpaired surrogate cannot be encoded in
     * UTF-8 (drivers silently store {@code ?} instead), and PostgreSQL's text and jsonb cannot hold
     * NUL, so both are refused everywhere with an {@link InvalidInputException} naming the field,
     * rather than stored on one backend and refused by another.
     */
    public static final String STRING_DOMAIN = "well-formed UTF-16 without NUL (U+0000)";
    /** Largest page of {@code scan}, in records. */
    public static final int MAX_SCAN_PAGE = 100_000;

    private Limits() {
    }
}
