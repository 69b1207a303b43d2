package dev.agentdb.sqlite.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prepared statements of one connection, kept by SQL text (least recently used out beyond
 * {@value #CAPACITY}). Preparing costs the SQLite driver about as much as running a point lookup,
 * so the search path prepares each shape once per connection. A connection is used by one thread at
 * a time, and so is its cache. Callers close the result sets they open, never the statements. Not API.
 */
public final class StatementCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatementCache.class);

    /** Statements kept per connection. */
    public static final int CAPACITY = 64;

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new LinkedHashMap<>(CAPACITY * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() <= CAPACITY) {
                return false;
            }
            closeQuietly(eldest.getValue());
            return true;
        }
    };

    /** @param connection the connection whose statements this caches */
    public StatementCache(Connection connection) {
        this.connection = connection;
    }

    /**
     * @param sql the statement text
     * @return the cached statement, prepared now when absent (parameters from an earlier use stay bound until set again)
     * @throws SQLException from the driver
     */
    public PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null || ps.isClosed()) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    /** Closes every cached statement. */
    @Override
    public void close() {
        statements.values().forEach(StatementCache::closeQuietly);
        statements.clear();
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException e) {
            LOG.debug("closing a cached statement failed: {}", e.getMessage());
        }
    }
}
