package dev.agentdb.spring.boot.autoconfigure;

import dev.agentdb.AgentDBConfig;
import dev.agentdb.CollectionSpec;
import dev.agentdb.IndexParams;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Metric;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code agentdb.*} properties: where the database is, how it is opened, and the collections
 * to create at start-up. Each maps onto {@link AgentDBConfig} or {@link CollectionSpec}, whose
 * validation applies when the {@link dev.agentdb.AgentDB} bean is created (a bad value fails the
 * start-up with an {@link InvalidInputException} naming the property).
 *
 * <pre>{@code
 * agentdb.url=postgresql://app@db:5432/app?schema=memory
 * agentdb.pool-size=20
 * agentdb.collections.notes.dimension=384
 * agentdb.collections.notes.metric=cosine
 * agentdb.collections.notes.ef-search=100
 * }</pre>
 */
@ConfigurationProperties(prefix = AgentDbProperties.PREFIX)
public class AgentDbProperties {
    /** The prefix of every property. */
    public static final String PREFIX = "agentdb";
    /** The URL used when {@code agentdb.url} is not set: an embedded SQLite file in the working directory. */
    public static final String DEFAULT_URL = "sqlite:./agentdb.db";

    /**
     * Database URL: sqlite:./file.db, sqlite::memory:, postgresql://user:pass@host:5432/db?schema=s,
     * mysql://user:pass@host:3306/db or mariadb://... (the adapter must be on the class path).
     */
    private String url = DEFAULT_URL;
    /** Whether the schema is migrated to this library's version when the database opens. */
    private boolean autoMigrate = true;
    /** Whether the database is opened for reading only (it must exist; every write is refused). */
    private boolean readOnly;
    /** Maximum pooled connections of a server backend (ignored by SQLite), 1 to 1000. */
    private int poolSize = 10; // literals, not AgentDBConfig's constants: the metadata processor records only literals (a test keeps them equal)
    /** How long opening the database waits for a connection. */
    private Duration connectTimeout = Duration.ofSeconds(30);
    /** How long a statement waits on a lock before failing (the SQLite busy timeout). */
    private Duration busyTimeout = Duration.ofSeconds(10);
    /** Adapter-specific properties, passed to the adapter as they are (see each adapter's documentation). */
    private Map<String, String> properties = new LinkedHashMap<>();
    /** Collections created at start-up when missing, by name; an existing one must have the same spec. */
    private Map<String, Collection> collections = new LinkedHashMap<>();

    /** @return the database URL; default {@value #DEFAULT_URL} */
    public String getUrl() {
        return url;
    }

    /** @param url the database URL; blank is refused when the bean is created */
    public void setUrl(String url) {
        this.url = url;
    }

    /** @return whether the schema is migrated on open; default true */
    public boolean isAutoMigrate() {
        return autoMigrate;
    }

    /** @param autoMigrate whether the schema is migrated on open */
    public void setAutoMigrate(boolean autoMigrate) {
        this.autoMigrate = autoMigrate;
    }

    /** @return whether the database is opened read-only; default false */
    public boolean isReadOnly() {
        return readOnly;
    }

    /** @param readOnly whether the database is opened read-only */
    public void setReadOnly(boolean readOnly) {
        this.readOnly = readOnly;
    }

    /** @return the pool size in connections; default {@value AgentDBConfig#DEFAULT_POOL_SIZE} */
    public int getPoolSize() {
        return poolSize;
    }

    /** @param poolSize the pool size in connections, 1 to 1,000 (checked when the bean is created) */
    public void setPoolSize(int poolSize) {
        this.poolSize = poolSize;
    }

    /** @return the connection timeout; default 30 s */
    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    /** @param connectTimeout the connection timeout, at least 1 ms (checked when the bean is created) */
    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /** @return the lock wait; default 10 s */
    public Duration getBusyTimeout() {
        return busyTimeout;
    }

    /** @param busyTimeout the lock wait, at least 0 (checked when the bean is created) */
    public void setBusyTimeout(Duration busyTimeout) {
        this.busyTimeout = busyTimeout;
    }

    /** @return adapter-specific properties by name; never null */
    public Map<String, String> getProperties() {
        return properties;
    }

    /** @param properties adapter-specific properties by name */
    public void setProperties(Map<String, String> properties) {
        this.properties = properties;
    }

    /** @return the start-up collections by name; never null */
    public Map<String, Collection> getCollections() {
        return collections;
    }

    /** @param collections the start-up collections by name */
    public void setCollections(Map<String, Collection> collections) {
        this.collections = collections;
    }

    /**
     * @return the {@link AgentDBConfig} these properties describe
     * @throws InvalidInputException naming the field when a value is out of range or the URL is blank
     *         or has no scheme
     */
    public AgentDBConfig toConfig() {
        if (url == null || url.isBlank()) {
            throw new InvalidInputException(PREFIX + ".url", "must be set to a database URL, e.g. " + DEFAULT_URL);
        }
        AgentDBConfig.Builder builder = AgentDBConfig.builder(url.trim())
                .autoMigrate(autoMigrate)
                .readOnly(readOnly)
                .poolSize(poolSize)
                .connectTimeoutMs(millis("connect-timeout", connectTimeout))
                .busyTimeoutMs(millis("busy-timeout", busyTimeout));
        properties.forEach(builder::property);
        try {
            return builder.build();
        } catch (InvalidInputException e) {
            String property = switch (e.field()) {
                case "poolSize" -> "pool-size";
                case "connectTimeoutMs" -> "connect-timeout";
                case "busyTimeoutMs" -> "busy-timeout";
                default -> e.field();
            };
            throw renamed(e, PREFIX + "." + property);
        }
    }

    /** @return the same problem, named by the property that holds the value */
    private static InvalidInputException renamed(InvalidInputException e, String property) {
        String prefix = e.field() + ": ";
        String problem = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
        return new InvalidInputException(property, problem); // the same problem: the original adds nothing to a start-up failure
    }

    private static long millis(String name, Duration value) {
        if (value == null) {
            throw new InvalidInputException(PREFIX + "." + name, "must be set (a duration such as 10s or 500ms)");
        }
        return value.toMillis();
    }

    /**
     * One start-up collection: {@code agentdb.collections.<name>.*}. Only {@code dimension} is
     * required; the rest default as {@link CollectionSpec#builder(int)} does.
     */
    public static class Collection {
        /** Embedding dimension (number of floats per vector), 1 to 16,000. Required. */
        private Integer dimension;
        /** How embeddings are compared: cosine, l2 (euclidean) or inner_product (ip, dot). */
        private String metric = "cosine";
        /** Index kind: hnsw, flat (exact scan) or ivfflat (PostgreSQL). */
        private String index = "hnsw";
        /** HNSW M: links per node per layer. */
        private int m = 16;
        /** HNSW efConstruction: candidate list size while building. */
        private int efConstruction = 100;
        /** HNSW efSearch: default candidate list size while searching. */
        private int efSearch = 64;
        /** IVFFlat lists. */
        private int lists = 100;
        /** IVFFlat probes: lists a search visits. */
        private int probes = 10;

        /** @return the dimension, or null when not set */
        public Integer getDimension() {
            return dimension;
        }

        /** @param dimension the embedding dimension */
        public void setDimension(Integer dimension) {
            this.dimension = dimension;
        }

        /** @return the metric name; default cosine */
        public String getMetric() {
            return metric;
        }

        /** @param metric a metric name accepted by {@link Metric#fromString(String)} */
        public void setMetric(String metric) {
            this.metric = metric;
        }

        /** @return the index kind; default hnsw */
        public String getIndex() {
            return index;
        }

        /** @param index hnsw, flat or ivfflat (any case) */
        public void setIndex(String index) {
            this.index = index;
        }

        /** @return HNSW M; default {@value IndexParams#DEFAULT_M} */
        public int getM() {
            return m;
        }

        /** @param m HNSW M */
        public void setM(int m) {
            this.m = m;
        }

        /** @return HNSW efConstruction; default {@value IndexParams#DEFAULT_EF_CONSTRUCTION} */
        public int getEfConstruction() {
            return efConstruction;
        }

        /** @param efConstruction HNSW efConstruction */
        public void setEfConstruction(int efConstruction) {
            this.efConstruction = efConstruction;
        }

        /** @return HNSW efSearch; default {@value IndexParams#DEFAULT_EF_SEARCH} */
        public int getEfSearch() {
            return efSearch;
        }

        /** @param efSearch HNSW efSearch */
        public void setEfSearch(int efSearch) {
            this.efSearch = efSearch;
        }

        /** @return IVFFlat lists; default {@value IndexParams#DEFAULT_LISTS} */
        public int getLists() {
            return lists;
        }

        /** @param lists IVFFlat lists */
        public void setLists(int lists) {
            this.lists = lists;
        }

        /** @return IVFFlat probes; default {@value IndexParams#DEFAULT_PROBES} */
        public int getProbes() {
            return probes;
        }

        /** @param probes IVFFlat probes */
        public void setProbes(int probes) {
            this.probes = probes;
        }

        /**
         * @param name the collection name (the key under {@code agentdb.collections})
         * @return the spec these properties describe
         * @throws InvalidInputException naming the property when the dimension is missing, the metric or
         *         index kind is unknown, or a value is out of range
         */
        public CollectionSpec toSpec(String name) {
            String at = PREFIX + ".collections." + name + ".";
            if (dimension == null) {
                throw new InvalidInputException(at + "dimension", "is required (the number of floats per embedding)");
            }
            IndexParams.IndexType type;
            try {
                type = IndexParams.IndexType.valueOf(String.valueOf(index).trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(at + "index", "unknown index kind '" + index + "'; expected one of hnsw, flat, ivfflat");
            }
            Metric parsed;
            try {
                parsed = Metric.fromString(metric);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(at + "metric", "unknown metric '" + metric + "'; expected one of cosine, l2, inner_product");
            }
            try {
                return CollectionSpec.builder(dimension).metric(parsed).indexType(type).m(m).efConstruction(efConstruction)
                        .efSearch(efSearch).lists(lists).probes(probes).build();
            } catch (InvalidInputException e) {
                // the spec names its own field (dimension, index.m, ...): say which property that is
                throw renamed(e, at + e.field());
            }
        }
    }
}
