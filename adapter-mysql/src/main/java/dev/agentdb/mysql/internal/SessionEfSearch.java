package dev.agentdb.mysql.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The {@code mhnsw_ef_search} each pooled connection's session holds, so that a search sends
 * {@code SET SESSION mhnsw_ef_search = N} only when the value it needs differs from the one the
 * session already has. A round trip per query was a quarter of a native search's time (bare
 * Connector/J, 20,000 x 784, efSearch 32: 521 queries/s without it, 381 with it).
 *
 * <p>Keyed by the physical connection (the pool's proxy unwrapped), weakly, so a connection the pool
 * retires is forgotten. A value is recorded only after the server accepted it; a failed {@code SET}
 * forgets the connection, so the next search sets it again. Disabled (every search sets the value)
 * when the driver may reconnect a connection in place ({@code autoReconnect=true}), which would
 * reset the session behind the same connection object. Thread-safe. Not API.
 */
public final class SessionEfSearch {
    private final Map<Connection, Long> values = Collections.synchronizedMap(new WeakHashMap<>());
    private final boolean enabled;

    /**
     * @param url the adapter's URL: tracking is off when it sets {@code autoReconnect=true}
     */
    public SessionEfSearch(MysqlUrl url) {
        this.enabled = !"true".equalsIgnoreCase(url.properties().getOrDefault("autoReconnect", "false"));
    }

    /**
     * Makes the session of {@code c} search with {@code ef}.
     *
     * @param c a connection of the adapter's pool, not null
     * @param ef the value, 1 to {@link NativeIndex#MAX_EF_SEARCH}
     * @throws SQLException when the server refuses the {@code SET}
     */
    public void set(Connection c, long ef) throws SQLException {
        Connection session = enabled ? c.unwrap(Connection.class) : null;
        if (session != null) {
            Long current = values.get(session);
            if (current != null && current == ef) {
                return;
            }
            values.remove(session);
        }
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION mhnsw_ef_search = " + ef); // a number computed by the adapter
        }
        if (session != null) {
            values.put(session, ef);
        }
    }
}
