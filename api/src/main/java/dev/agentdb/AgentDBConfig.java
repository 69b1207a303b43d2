package dev.agentdb;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Immutable configuration of one {@link AgentDB}: the backend URL plus pool and schema options.
 * Built once with {@link #builder(String)} and validated there; nothing changes after open.
 *
 * <p>URL forms: {@code sqlite:./agent.db}, {@code sqlite::memory:}, {@code sqlite:/abs/path.db};
 * adapters on the classpath add their own ({@code postgresql://...}, {@code mysql://...},
 * {@code mongodb://...}, {@code d1://...}).
 *
 * <p>{@link #readOnly()} opens an existing database for reading only, like HikariCP's
 * {@code readOnly} or Spring's {@code @Transactional(readOnly = true)}: see
 * {@link Builder#readOnly(boolean)}.
 */
public final class AgentDBConfig {
    /** Default connection pool size for server backends. */
    public static final int DEFAULT_POOL_SIZE = 10;
    /** Default time to wait for a connection, in milliseconds. */
    public static final long DEFAULT_CONNECT_TIMEOUT_MS = 30_000;
    /** Default time a statement may wait on a lock (SQLite busy timeout), in milliseconds. */
    public static final long DEFAULT_BUSY_TIMEOUT_MS = 10_000;

    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]*");

    private final String url;
    private final String scheme;
    private final boolean autoMigrate;
    private final boolean readOnly;
    private final int poolSize;
    private final long connectTimeoutMs;
    private final long busyTimeoutMs;
    private final Map<String, String> properties;

    private AgentDBConfig(Builder b) {
        this.url = b.url;
        this.scheme = schemeOf(b.url);
        this.autoMigrate = b.autoMigrate;
        this.readOnly = b.readOnly;
        this.poolSize = b.poolSize;
        this.connectTimeoutMs = b.connectTimeoutMs;
        this.busyTimeoutMs = b.busyTimeoutMs;
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(b.properties));
    }

    /**
     * @param url the backend URL
     * @return a config with every default
     * @throws InvalidInputException naming {@code url} when it has no scheme
     */
    public static AgentDBConfig of(String url) {
        return builder(url).build();
    }

    /**
     * @param url the backend URL, e.g. {@code sqlite:./agent.db}
     * @return a builder
     */
    public static Builder builder(String url) {
        return new Builder(url);
    }

    /** @return the backend URL exactly as given */
    public String url() {
        return url;
    }

    /** @return the URL's scheme in lower case, e.g. {@code "sqlite"} */
    public String scheme() {
        return scheme;
    }

    /**
     * @return whether the schema is migrated to the library's version on open (default true); a
     *         {@link #readOnly()} database is never migrated, whatever this says
     */
    public boolean autoMigrate() {
        return autoMigrate;
    }

    /**
     * @return whether the database is opened for reading only (default false); see
     *         {@link Builder#readOnly(boolean)}. Adapters may also be read-only because of their URL
     *         (SQLite's {@code ?mode=ro}): {@link AgentDB#readOnly()} tells what the open database is.
     */
    public boolean readOnly() {
        return readOnly;
    }

    /** @return the maximum number of pooled connections for server backends (default 10) */
    public int poolSize() {
        return poolSize;
    }

    /** @return how long to wait for a connection, in ms (default 30,000) */
    public long connectTimeoutMs() {
        return connectTimeoutMs;
    }

    /** @return how long a statement waits on a lock before failing, in ms (default 10,000) */
    public long busyTimeoutMs() {
        return busyTimeoutMs;
    }

    /** @return adapter-specific properties (unmodifiable) */
    public Map<String, String> properties() {
        return properties;
    }

    /**
     * @param key property name
     * @param defaultValue returned when absent
     * @return the property value or the default
     */
    public String property(String key, String defaultValue) {
        return properties.getOrDefault(key, defaultValue);
    }

    /** @return the URL with any password replaced by {@code ***}, safe for logs and messages */
    public String redactedUrl() {
        return redact(url);
    }

    /**
     * @param url a URL
     * @return the URL with the password of any {@code user:password@} part, and any {@code password=} or
     *         {@code token=} parameter value (D1's API token), replaced by {@code ***}
     */
    public static String redact(String url) {
        return url == null ? null : url.replaceAll("(//[^/:@]*:)[^@/]*@", "$1***@")
                .replaceAll("(?i)((?:password|token)=)[^&]*", "$1***");
    }

    static String schemeOf(String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidInputException("url", "must not be empty; expected e.g. sqlite:./agent.db");
        }
        int colon = url.indexOf(':');
        String scheme = colon <= 0 ? "" : url.substring(0, colon);
        if (!SCHEME.matcher(scheme).matches()) {
            throw new InvalidInputException("url", "'" + redact(url) + "' has no scheme; expected e.g. sqlite:./agent.db");
        }
        return scheme.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "AgentDBConfig[url=" + redactedUrl() + ", autoMigrate=" + autoMigrate + ", readOnly=" + readOnly + ", poolSize=" + poolSize
                + ", connectTimeoutMs=" + connectTimeoutMs + ", busyTimeoutMs=" + busyTimeoutMs + "]";
    }

    /** Builder for {@link AgentDBConfig}. */
    public static final class Builder {
        private final String url;
        private boolean autoMigrate = true;
        private boolean readOnly;
        private int poolSize = DEFAULT_POOL_SIZE;
        private long connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS;
        private long busyTimeoutMs = DEFAULT_BUSY_TIMEOUT_MS;
        private final Map<String, String> properties = new LinkedHashMap<>();

        private Builder(String url) {
            this.url = url;
        }

        /**
         * Sets whether the schema is migrated to the library's version when the database opens.
         *
         * @param value true to migrate on open; false to leave the schema as it is (migrate it
         *        separately); adapters refuse a schema newer than the library either way; default true
         * @return this builder
         */
        public Builder autoMigrate(boolean value) {
            this.autoMigrate = value;
            return this;
        }

        /**
         * Sets whether the database is opened for reading only. A read-only database:
         * <ul>
         *   <li>must exist and is never created, migrated or converted: opening writes nothing (no
         *       schema tables, no SQLite journal-mode switch, no adoption of an AgentDB v1 file); a
         *       missing database or one without an AgentDB schema fails with
         *       {@link BackendUnavailableException}, one whose schema needs an upgrade with
         *       {@link ReadOnlyException} saying how to upgrade it (open it read-write once);</li>
         *   <li>reads as usual: get, scan, count, find, search, stats, collections, state, read-only
         *       transactions, and raw {@code SELECT}s where raw SQL is supported; it sees what other
         *       connections commit;</li>
         *   <li>refuses every write ({@code insert}, {@code upsert}, {@code delete}, {@code deleteWhere},
         *       {@code createCollection} where it would create, {@code dropCollection}, {@code reindex},
         *       {@code writeState}, {@code deleteState}, {@code runMigration}, raw SQL that writes)
         *       with {@link ReadOnlyException} naming the operation, before anything reaches the
         *       backend; the adapter also opens its connections read-only (SQLite
         *       {@code SQLITE_OPEN_READONLY}, JDBC {@code Connection.setReadOnly(true)}), so the
         *       backend refuses writes too.</li>
         * </ul>
         * Adapters that cannot open a database read-only lack
         * {@link dev.agentdb.spi.Capability#READ_ONLY}; opening one with this flag throws
         * {@link UnsupportedFeatureException}.
         *
         * @param value true to open read-only; default false (read-write, created when missing
         *        where the backend creates databases, as SQLite files are)
         * @return this builder
         */
        public Builder readOnly(boolean value) {
            this.readOnly = value;
            return this;
        }

        /**
         * Sets the maximum number of pooled connections; used by server backends, ignored by
         * embedded ones.
         *
         * @param value the pool size in connections, 1 to 1,000; default
         *        {@value AgentDBConfig#DEFAULT_POOL_SIZE}; the range is checked by {@link #build()}
         * @return this builder
         */
        public Builder poolSize(int value) {
            this.poolSize = value;
            return this;
        }

        /**
         * Sets how long opening the database waits for a connection.
         *
         * @param value the connection timeout in milliseconds, at least 1; default 30,000; the range is
         *        checked by {@link #build()}
         * @return this builder
         */
        public Builder connectTimeoutMs(long value) {
            this.connectTimeoutMs = value;
            return this;
        }

        /**
         * Sets how long a statement waits on a lock before failing (the SQLite busy timeout).
         *
         * @param value the lock wait in milliseconds, at least 0 (0 fails at once); default 10,000;
         *        the range is checked by {@link #build()}
         * @return this builder
         */
        public Builder busyTimeoutMs(long value) {
            this.busyTimeoutMs = value;
            return this;
        }

        /**
         * Sets one adapter-specific property, read back with {@link AgentDBConfig#property(String, String)}.
         * Setting the same key again replaces the earlier value. Keys and values are not validated
         * here; each adapter documents the properties it reads and ignores the rest.
         *
         * @param key the adapter property name; should not be null
         * @param value its value; should not be null
         * @return this builder
         */
        public Builder property(String key, String value) {
            this.properties.put(key, value);
            return this;
        }

        /**
         * @return the validated config
         * @throws InvalidInputException naming the field when a value is out of range or the URL has no scheme
         */
        public AgentDBConfig build() {
            schemeOf(url);
            if (poolSize < 1 || poolSize > 1_000) {
                throw new InvalidInputException("poolSize", "must be between 1 and 1000, was " + poolSize);
            }
            if (connectTimeoutMs < 1) {
                throw new InvalidInputException("connectTimeoutMs", "must be at least 1 ms, was " + connectTimeoutMs);
            }
            if (busyTimeoutMs < 0) {
                throw new InvalidInputException("busyTimeoutMs", "must be at least 0 ms, was " + busyTimeoutMs);
            }
            return new AgentDBConfig(this);
        }
    }
}
