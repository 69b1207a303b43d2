package dev.agentdb.sql.jdbc;

import dev.agentdb.Beta;
import dev.agentdb.sql.SqlDialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * How a JDBC adapter runs its SQL: one object that lends connections to work items, opens and ends
 * transactions, nests savepoints, translates driver errors and tells the adapter what a rollback
 * undid. The backend-specific parts are plugged in: a {@link ConnectionStrategy} (a pool, or
 * SQLite's single writer), a {@link SqlErrorTranslator} and a {@link TransactionListener}.
 *
 * <h2>Transactions are bound to the thread</h2>
 * {@link #write} and {@link #transaction} open a transaction on a writer connection and bind it to
 * the calling thread until they return. Every session call that thread makes meanwhile joins it:
 * <ul>
 *   <li>{@link #write}, {@link #transaction} and {@link #readScoped} run under a savepoint
 *       ({@code SAVEPOINT agentdb_sp<depth>}), released on success and rolled back (then released)
 *       when the work throws, so a refused operation inside a larger transaction (a conflict, say)
 *       can be caught without losing the rest, and nesting has no depth limit;</li>
 *   <li>{@link #read} and {@link #withoutTransaction} run on the transaction's connection (so they
 *       see its uncommitted writes), under a savepoint only on dialects where a failed statement
 *       aborts the whole transaction (PostgreSQL), so that a failing read leaves it usable.</li>
 * </ul>
 * When the outermost work throws, everything rolls back; otherwise it commits. Exceptions of the
 * work propagate unchanged, {@link SQLException}s translated, after the rollback.
 *
 * <h2>Transaction listener</h2>
 * Work marks the collections whose in-memory state it changes with {@link #touched}; when the
 * transaction or a savepoint rolls back, the listener hears the names marked inside it (savepoints
 * nested in it included); when the outermost transaction commits, it hears every name still
 * marked. Names marked in a released savepoint count for the enclosing scope.
 *
 * <p>Thread-safe: any number of threads may use one session; each thread's transaction is its own.
 */
@Beta
public final class JdbcSession implements AutoCloseable {
    /**
     * Dialects on which a failed statement aborts the whole transaction until it rolls back (to a
     * savepoint); elsewhere (the standard) a failed statement undoes only itself.
     */
    private static final Set<SqlDialect> ERROR_ABORTS_TRANSACTION = EnumSet.of(SqlDialect.POSTGRES);

    /** The transaction bound to one thread. */
    private static final class Tx {
        final Connection connection;
        Set<String> touched = new HashSet<>();
        int depth;

        Tx(Connection connection) {
            this.connection = connection;
        }
    }

    private final SqlDialect dialect;
    private final ConnectionStrategy connections;
    private final SqlErrorTranslator errors;
    private final TransactionListener listener;
    private final boolean savepointReads;
    private final ThreadLocal<Tx> current = new ThreadLocal<>();

    /**
     * @param dialect the database's dialect (decides whether reads inside a transaction need a savepoint)
     * @param connections where connections come from; owned by the session from now on (closed by {@link #close()})
     * @param errors translates every driver error
     * @param listener told about collections touched by rolled-back work; {@link TransactionListener#NONE} for none
     * @throws NullPointerException when an argument is null
     */
    public JdbcSession(SqlDialect dialect, ConnectionStrategy connections, SqlErrorTranslator errors, TransactionListener listener) {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.connections = Objects.requireNonNull(connections, "connections");
        this.errors = Objects.requireNonNull(errors, "errors");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.savepointReads = ERROR_ABORTS_TRANSACTION.contains(dialect);
    }

    /** @return the dialect given to the constructor */
    public SqlDialect dialect() {
        return dialect;
    }

    /** @return whether the calling thread is inside a transaction of this session */
    public boolean inTransaction() {
        return current.get() != null;
    }

    /**
     * Marks a collection whose in-memory state the current work changes, so that a rollback of the
     * enclosing savepoint or transaction reports it to the listener. Call it before changing the
     * state. Does nothing outside a transaction (there is nothing to roll back).
     *
     * @param collection the collection name
     */
    public void touched(String collection) {
        Tx tx = current.get();
        if (tx != null) {
            tx.touched.add(collection);
        }
    }

    /**
     * Runs work that only reads: on a reader connection in auto-commit mode, or on the calling
     * thread's transaction (see the class comment).
     *
     * @param subject what the work is about, for error messages (a collection name, a description, or null)
     * @param work the work
     * @param <T> the result type
     * @return what the work returned
     * @throws RuntimeException the work's exception, or the translation of a driver error
     * @throws dev.agentdb.BackendUnavailableException when no connection is available
     */
    public <T> T read(String subject, SqlWork<T> work) {
        Tx tx = current.get();
        if (tx != null) {
            return joinAsRead(tx, subject, work);
        }
        return onOwnConnection(connections.acquireReader(), false, subject, work);
    }

    /**
     * Runs work atomically: in a new transaction bound to the calling thread (committed when the work
     * returns, rolled back when it throws), or under a savepoint of the thread's transaction.
     *
     * @param subject what the work is about, for error messages (a collection name, a description, or null)
     * @param work the work
     * @param <T> the result type
     * @return what the work returned
     * @throws RuntimeException the work's exception, or the translation of a driver error, after the rollback
     * @throws dev.agentdb.BackendUnavailableException when no writer connection is available
     */
    public <T> T write(String subject, SqlWork<T> work) {
        Tx tx = current.get();
        if (tx != null) {
            return inSavepoint(tx, subject, work, false);
        }
        return inNewTransaction(subject, work, false);
    }

    /**
     * Runs read-only work in a scope that is always rolled back afterwards: a transaction of its own,
     * or a savepoint of the thread's transaction. For settings that must end with the work, such as
     * PostgreSQL's {@code SET LOCAL} / {@code set_config(..., true)}.
     *
     * @param subject what the work is about, for error messages (a collection name, a description, or null)
     * @param work the work
     * @param <T> the result type
     * @return what the work returned
     * @throws RuntimeException the work's exception, or the translation of a driver error
     * @throws dev.agentdb.BackendUnavailableException when no writer connection is available
     */
    public <T> T readScoped(String subject, SqlWork<T> work) {
        Tx tx = current.get();
        if (tx != null) {
            return inSavepoint(tx, subject, work, true);
        }
        return inNewTransaction(subject, work, true);
    }

    /**
     * Runs work on a writer connection in auto-commit mode (each statement commits by itself), for
     * statements that cannot run inside a transaction ({@code VACUUM}) and raw SQL of unknown kind;
     * inside the thread's transaction it joins it like {@link #read}.
     *
     * @param subject what the work is about, for error messages (a collection name, a description, or null)
     * @param work the work
     * @param <T> the result type
     * @return what the work returned
     * @throws RuntimeException the work's exception, or the translation of a driver error
     * @throws dev.agentdb.BackendUnavailableException when no writer connection is available
     */
    public <T> T withoutTransaction(String subject, SqlWork<T> work) {
        Tx tx = current.get();
        if (tx != null) {
            return joinAsRead(tx, subject, work);
        }
        return onOwnConnection(connections.acquireWriter(), true, subject, work);
    }

    /**
     * Runs caller code in one transaction bound to the calling thread (see the class comment); the
     * adapter operations it calls on this thread join it. Nested calls run under a savepoint.
     *
     * @param subject what the transaction is for, for error messages (e.g. {@code "transaction"}, or null)
     * @param work the caller's work
     * @param <T> the result type
     * @return what the work returned
     * @throws RuntimeException the work's exception after the rollback, or the translation of a
     *         driver error (e.g. a failed commit)
     * @throws dev.agentdb.BackendUnavailableException when no writer connection is available
     */
    public <T> T transaction(String subject, Supplier<T> work) {
        return write(subject, c -> work.get());
    }

    /** Closes the connection strategy. Idempotent. */
    @Override
    public void close() {
        connections.close();
    }

    /** Joins the thread's transaction without a savepoint where a failed statement undoes only itself. */
    private <T> T joinAsRead(Tx tx, String subject, SqlWork<T> work) {
        if (savepointReads) {
            return inSavepoint(tx, subject, work, false);
        }
        try {
            return work.run(tx.connection);
        } catch (SQLException e) {
            throw errors.translate(e, subject);
        }
    }

    /** Runs work in auto-commit mode on a connection of its own, given back afterwards. */
    private <T> T onOwnConnection(Connection c, boolean writes, String subject, SqlWork<T> work) {
        try {
            if (writes) {
                connections.beforeAutoCommit(c);
            }
            return work.run(c);
        } catch (SQLException e) {
            throw errors.translate(e, subject);
        } finally {
            connections.release(c);
        }
    }

    private <T> T inNewTransaction(String subject, SqlWork<T> work, boolean undo) {
        Connection c = connections.acquireWriter();
        Tx tx = new Tx(c);
        try {
            try {
                connections.begin(c);
            } catch (SQLException e) {
                throw errors.translate(e, subject);
            }
            current.set(tx);
            T result;
            try {
                result = work.run(c);
                if (undo) {
                    connections.rollback(c);
                    report(tx.touched);
                } else {
                    connections.commit(c);
                    if (!tx.touched.isEmpty()) {
                        listener.committed(Set.copyOf(tx.touched));
                    }
                }
            } catch (SQLException e) {
                RuntimeException translated = errors.translate(e, subject);
                rollBack(tx, translated);
                throw translated;
            } catch (RuntimeException | Error e) {
                rollBack(tx, e);
                throw e;
            }
            return result;
        } finally {
            current.remove();
            connections.release(c);
        }
    }

    private void rollBack(Tx tx, Throwable cause) {
        try {
            connections.rollback(tx.connection);
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
        report(tx.touched);
    }

    private <T> T inSavepoint(Tx tx, String subject, SqlWork<T> work, boolean undo) {
        Connection c = tx.connection;
        String savepoint = "agentdb_sp" + (++tx.depth);
        Set<String> outer = tx.touched;
        tx.touched = new HashSet<>();
        try {
            exec(c, "SAVEPOINT " + savepoint);
            T result;
            try {
                result = work.run(c);
            } catch (SQLException e) {
                RuntimeException translated = errors.translate(e, subject);
                rollBackTo(tx, savepoint, translated);
                throw translated;
            } catch (RuntimeException | Error e) {
                rollBackTo(tx, savepoint, e);
                throw e;
            }
            if (undo) {
                exec(c, "ROLLBACK TO SAVEPOINT " + savepoint);
                report(tx.touched);
            }
            exec(c, "RELEASE SAVEPOINT " + savepoint);
            return result;
        } catch (SQLException e) {
            throw errors.translate(e, subject); // SAVEPOINT, ROLLBACK TO or RELEASE itself failed
        } finally {
            outer.addAll(tx.touched);
            tx.touched = outer;
            tx.depth--;
        }
    }

    private void rollBackTo(Tx tx, String savepoint, Throwable cause) {
        try {
            exec(tx.connection, "ROLLBACK TO SAVEPOINT " + savepoint);
            exec(tx.connection, "RELEASE SAVEPOINT " + savepoint);
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
        report(tx.touched);
    }

    private void report(Set<String> touched) {
        if (!touched.isEmpty()) {
            listener.rolledBack(Set.copyOf(touched));
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
