package dev.agentdb.d1.internal;

import dev.agentdb.AgentDBConfig;
import dev.agentdb.InvalidInputException;
import dev.agentdb.d1.D1Adapter;
import dev.agentdb.sharding.ShardedAdapter;
import dev.agentdb.spi.DatabaseAdapter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A D1 URL naming several databases, {@code d1://ACCOUNT_ID/DB1,DB2,DB3[?...]}, opens one
 * {@link D1Adapter} per database under a {@link ShardedAdapter} (records placed by their id; see
 * there); a URL with one database opens it alone. Each shard gets the URL with its own database and
 * the same options. Cloudflare's API limit is per account, so on Cloudflare's endpoint each of n
 * shards gets 1/n of the client-side request budget unless {@value D1Adapter#RATE_LIMIT_PROPERTY} is
 * set. Not API.
 */
public final class D1Shards {
    private D1Shards() {
    }

    /**
     * @param config a configuration with a {@code d1://} URL
     * @return a {@link D1Adapter} for one database; a {@link ShardedAdapter} over one per database for several
     * @throws InvalidInputException naming {@code url} for an empty or repeated database id
     * @throws dev.agentdb.BackendUnavailableException as {@link D1Adapter#D1Adapter} and {@link ShardedAdapter#ShardedAdapter}
     *         throw (a shard of another set or schema version, the API unreachable)
     */
    public static DatabaseAdapter open(AgentDBConfig config) {
        List<String> databases = databases(config.url());
        if (databases.size() == 1) {
            return new D1Adapter(config);
        }
        Map<String, DatabaseAdapter> shards = new LinkedHashMap<>();
        try {
            for (String database : databases) {
                shards.put(database, new D1Adapter(shardConfig(config, database, databases.size())));
            }
        } catch (RuntimeException e) {
            throw ShardedAdapter.closeAll(shards.values(), e);
        }
        return new ShardedAdapter(config, shards);
    }

    /**
     * @param url a {@code d1://} URL
     * @return the database ids of its path, in the order written (one or more)
     * @throws InvalidInputException naming {@code url} for an empty or repeated id
     */
    public static List<String> databases(String url) {
        String rest = url.substring(D1Url.SCHEME.length() + 3);
        int q = rest.indexOf('?');
        String path = q < 0 ? rest : rest.substring(0, q);
        int slash = path.indexOf('/');
        if (slash < 0) {
            return List.of(""); // D1Url.parse reports the missing database
        }
        List<String> out = new ArrayList<>();
        for (String id : path.substring(slash + 1).split(",", -1)) {
            if (id.isBlank() || out.contains(id)) {
                throw new InvalidInputException("url", "'" + D1Url.redact(url) + "' lists the database '" + id + "' "
                        + (id.isBlank() ? "empty" : "twice") + "; shards are d1://ACCOUNT_ID/DB1,DB2,DB3");
            }
            out.add(id);
        }
        return out;
    }

    /** The URL with one database in its path, everything else as it was. */
    static String withDatabase(String url, String database) {
        String scheme = url.substring(0, D1Url.SCHEME.length() + 3);
        String rest = url.substring(scheme.length());
        int q = rest.indexOf('?');
        String path = q < 0 ? rest : rest.substring(0, q);
        String query = q < 0 ? "" : rest.substring(q);
        return scheme + path.substring(0, path.indexOf('/') + 1) + database + query;
    }

    private static AgentDBConfig shardConfig(AgentDBConfig config, String database, int shards) {
        String url = withDatabase(config.url(), database);
        AgentDBConfig.Builder b = AgentDBConfig.builder(url).autoMigrate(config.autoMigrate())
                .readOnly(config.readOnly()).poolSize(config.poolSize()).connectTimeoutMs(config.connectTimeoutMs())
                .busyTimeoutMs(config.busyTimeoutMs());
        config.properties().forEach(b::property);
        if (config.property(D1Adapter.RATE_LIMIT_PROPERTY, null) == null && D1Url.cloudflare(url)) {
            b.property(D1Adapter.RATE_LIMIT_PROPERTY, Integer.toString(Math.max(1, D1Adapter.CLOUDFLARE_REQUESTS_PER_WINDOW / shards)));
        }
        return b.build();
    }
}
