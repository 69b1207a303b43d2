package dev.agentdb.sql.jdbc;

import dev.agentdb.BackendUnavailableException;
import dev.agentdb.Beta;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * The {@link ConnectionStrategy} of a server database behind a connection pool (HikariCP for
 * PostgreSQL, and MySQL/MariaDB next): every connection is equal, so readers and writers alike are
 * borrowed from the pool, a transaction is {@code setAutoCommit(false)} ... {@code commit()}, and a
 * released connection goes back to the pool in auto-commit mode. Concurrency is the server's.
 *
 * <p>Owns the data source: {@link #close()} closes it when it is {@link AutoCloseable}.
 * Thread-safe when the data source is.
 */
@Beta
public final class PooledConnections implements ConnectionStrategy {
    private final DataSource dataSource;
    private final String backend;
    private final String location;
    private final long timeoutMs;
    private final UnaryOperator<String> redact;
    private volatile boolean closed;

    /**
     * @param dataSource the pool; its own timeout bounds how long {@code getConnection()} waits
     * @param backend the backend's name for messages, e.g. {@code "PostgreSQL"}
     * @param location where it is, for messages, without secrets (e.g. a redacted URL)
     * @param timeoutMs the pool's connection timeout in milliseconds, for messages
     * @param redact removes secrets (passwords) from driver messages before they go into exceptions
     * @throws NullPointerException when an argument is null
     */
    public PooledConnections(DataSource dataSource, String backend, String location, long timeoutMs, UnaryOperator<String> redact) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.location = Objects.requireNonNull(location, "location");
        this.timeoutMs = timeoutMs;
        this.redact = Objects.requireNonNull(redact, "redact");
    }

    /** @return the pool, e.g. for a schema migration tool that takes a {@link DataSource} */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * @return a pooled connection
     * @throws BackendUnavailableException when closed, or no connection is free within the pool's timeout
     */
    @Override
    public Connection acquireReader() {
        return borrow();
    }

    /**
     * @return a pooled connection (any connection can write)
     * @throws BackendUnavailableException when closed, or no connection is free within the pool's timeout
     */
    @Override
    public Connection acquireWriter() {
        return borrow();
    }

    private Connection borrow() {
        if (closed) {
            throw new BackendUnavailableException("the " + backend + " adapter for " + location + " is closed");
        }
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new BackendUnavailableException("no connection to " + backend + " at " + location + " within "
                    + timeoutMs + " ms: " + redact.apply(String.valueOf(e.getMessage())), e);
        }
    }

    /** Restores auto-commit mode and returns the connection to the pool (which discards a broken one). */
    @Override
    public void release(Connection connection) {
        try {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
        } catch (SQLException ignored) {
            // the pool discards a broken connection
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing to do: the pool has it back or has dropped it
        }
    }

    /** Turns auto-commit off: the transaction starts with the first statement. */
    @Override
    public void begin(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
    }

    @Override
    public void commit(Connection connection) throws SQLException {
        connection.commit();
    }

    @Override
    public void rollback(Connection connection) throws SQLException {
        connection.rollback();
    }

    /** Refuses new work and closes the data source when it is {@link AutoCloseable}. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (dataSource instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // closing a pool that failed to close leaves nothing for the caller to do
            }
        }
    }
}
