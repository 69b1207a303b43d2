package dev.agentdb.sql.jdbc;

import dev.agentdb.BackendUnavailableException;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * SQLite's connection strategy in the shape the SQLite adapter's {@code SqliteConnections} has, cut
 * to what the tests need: one writer connection behind a lock ({@code BEGIN IMMEDIATE}, then a
 * {@code PRAGMA data_version} check for other connections' commits), readers opened per read (the
 * adapter pools them), WAL mode. Proves that {@link ConnectionStrategy} carries that shape.
 */
final class SingleWriterConnections implements ConnectionStrategy {
    private static final long LOCK_TIMEOUT_MS = 10_000;

    private final String url;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Connection writer;
    private final AtomicInteger externalChanges = new AtomicInteger();
    private long dataVersion = Long.MIN_VALUE;
    private volatile boolean closed;

    SingleWriterConnections(String jdbcUrl) throws SQLException {
        this.url = jdbcUrl;
        this.writer = open();
        try (Statement s = writer.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
        }
    }

    private Connection open() throws SQLException {
        Connection c = DriverManager.getConnection(url);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=10000");
        }
        return c;
    }

    /** @return how many times a check found that another connection had committed since the last one */
    int externalChanges() {
        return externalChanges.get();
    }

    @Override
    public Connection acquireReader() {
        ensureOpen();
        try {
            return open();
        } catch (SQLException e) {
            throw new BackendUnavailableException("cannot open a reader: " + e.getMessage(), e);
        }
    }

    @Override
    public Connection acquireWriter() {
        ensureOpen();
        try {
            if (!writeLock.tryLock(LOCK_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                throw new BackendUnavailableException("timed out waiting for the writer");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("interrupted waiting for the writer", e);
        }
        return writer;
    }

    @Override
    public void release(Connection connection) {
        if (connection == writer) {
            writeLock.unlock();
            return;
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // a reader that fails to close holds nothing we need
        }
    }

    @Override
    public void begin(Connection connection) throws SQLException {
        exec(connection, "BEGIN IMMEDIATE");
        try {
            checkExternalChange(connection); // after BEGIN IMMEDIATE no other connection can commit before us
        } catch (SQLException | RuntimeException e) {
            exec(connection, "ROLLBACK");
            throw e;
        }
    }

    @Override
    public void commit(Connection connection) throws SQLException {
        exec(connection, "COMMIT");
    }

    @Override
    public void rollback(Connection connection) throws SQLException {
        exec(connection, "ROLLBACK");
    }

    @Override
    public void beforeAutoCommit(Connection connection) throws SQLException {
        checkExternalChange(connection);
    }

    private void checkExternalChange(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA data_version")) {
            rs.next();
            long now = rs.getLong(1);
            if (dataVersion != Long.MIN_VALUE && now != dataVersion) {
                externalChanges.incrementAndGet();
            }
            dataVersion = now;
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new BackendUnavailableException("the connections are closed");
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            writer.close();
        } catch (SQLException ignored) {
            // closing is best effort
        }
    }
}
