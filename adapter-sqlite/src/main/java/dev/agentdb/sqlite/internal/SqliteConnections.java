package dev.agentdb.sqlite.internal;

import dev.agentdb.AgentDBConfig;
import dev.agentdb.BackendUnavailableException;
import dev.agentdb.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The connection strategy of one SQLite adapter: one writer connection guarded by a lock, plus a
 * small pool of reader connections.
 *
 * <p>Why: SQLite allows one writer at a time per file; in WAL mode readers run concurrently with
 * that writer and see the last committed state. So every write and every transaction runs on the
 * single writer connection, serialised by a {@link ReentrantLock}, while searches and reads borrow
 * a reader connection and never wait for writers. A transaction is bound to the thread that opened
 * it ({@link ThreadLocal}); operations of that thread inside it join it through SAVEPOINTs (so a
 * failed operation inside a larger transaction rolls back only its own changes), and reads of that
 * thread use the writer connection so they see the transaction's own writes.
 *
 * <p>An in-memory database ({@code sqlite::memory:}) is private to its connection, so it has only
 * the writer connection: reads take the lock too. Simple and correct; in-memory databases are for
 * tests and scratch work.
 *
 * <p>Thread-safe. Not API.
 */
public final class SqliteConnections implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteConnections.class);

    /** Config property setting {@code PRAGMA mmap_size} in bytes for files (0 disables memory-mapped reads). */
    public static final String MMAP_PROPERTY = "sqlite.mmap_size";
    /** Default {@code PRAGMA mmap_size}: 1 GiB, in bytes (SQLite caps it at its compile-time maximum). */
    public static final long DEFAULT_MMAP_BYTES = 1L << 30;
    /** Config property overriding {@code PRAGMA synchronous} for files ({@code NORMAL} by default; {@code FULL} survives power loss). */
    public static final String SYNCHRONOUS_PROPERTY = "sqlite.synchronous";

    /** Upper bound on reader connections, whatever the configured pool size (SQLite readers are cheap but not free). */
    public static final int MAX_READERS = 8;

    /** Told which collections' in-memory state may no longer match the tables. */
    public interface Listener {
        /** @param collections collections whose in-memory index changed inside a rolled-back transaction or savepoint */
        void rolledBack(Set<String> collections);

        /** @param collections collections whose in-memory index changed inside a transaction that committed */
        void committed(Set<String> collections);

        /** Another connection committed to the file since our last check: every cached state may be stale. */
        void externalChange();
    }

    /** The transaction bound to one thread. */
    private static final class Tx {
        Set<String> mutated = new HashSet<>();
        int depth;
    }

    private final SqliteUrl url;
    private final AgentDBConfig config;
    private final SQLiteConfig.SynchronousMode synchronous;
    private final Listener listener;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Connection writer;
    private final BlockingQueue<Connection> idleReaders;
    private final AtomicInteger openReaders = new AtomicInteger();
    private final int maxReaders;
    private final ThreadLocal<Tx> current = new ThreadLocal<>();
    private volatile boolean closed;
    private long dataVersion = Long.MIN_VALUE;
    private final long mmapBytes;
    private final java.util.concurrent.ConcurrentHashMap<Connection, StatementCache> statements = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Opens the writer connection (readers open lazily) and applies the pragmas.
     *
     * @param url the parsed URL
     * @param config the adapter configuration (busy timeout, pool size, {@code sqlite.synchronous} property)
     * @param listener told about rollbacks and external changes
     * @throws BackendUnavailableException when the file cannot be opened
     * @throws InvalidInputException when {@code sqlite.synchronous} is not a SQLite synchronous mode
     */
    public SqliteConnections(SqliteUrl url, AgentDBConfig config, Listener listener) {
        this.url = url;
        this.config = config;
        this.listener = listener;
        this.maxReaders = url.memory() ? 0 : Math.max(1, Math.min(config.poolSize(), MAX_READERS));
        String mode = config.property(SYNCHRONOUS_PROPERTY, "NORMAL").trim().toUpperCase(java.util.Locale.ROOT);
        try {
            this.synchronous = SQLiteConfig.SynchronousMode.valueOf(mode);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(SYNCHRONOUS_PROPERTY, "'" + mode + "' is not a SQLite synchronous mode; expected OFF, NORMAL or FULL");
        }
        String mmap = config.property(MMAP_PROPERTY, String.valueOf(DEFAULT_MMAP_BYTES)).trim();
        long bytes;
        try {
            bytes = Long.parseLong(mmap);
        } catch (NumberFormatException e) {
            bytes = -1;
        }
        this.mmapBytes = bytes;
        if (bytes < 0) {
            throw new InvalidInputException(MMAP_PROPERTY, "'" + mmap + "' is not a size in bytes (0 disables memory-mapped reads)");
        }
        this.idleReaders = new ArrayBlockingQueue<>(Math.max(1, maxReaders));
        this.writer = open(true);
    }

    /** @return whether the database is in memory */
    public boolean memory() {
        return url.memory();
    }

    private Connection open(boolean forWriter) {
        SQLiteConfig c = new SQLiteConfig();
        c.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, config.busyTimeoutMs()));
        if (!url.memory()) {
            c.setJournalMode(SQLiteConfig.JournalMode.WAL);
            c.setSynchronous(synchronous);
            // Reads through a memory map share the OS page cache instead of a small private cache per
            // connection: point lookups of search hits in a large file cost half as much.
            c.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, String.valueOf(mmapBytes));
        }
        try {
            Connection conn = DriverManager.getConnection(url.jdbcUrl(), c.toProperties());
            conn.setAutoCommit(true);
            return conn;
        } catch (SQLException e) {
            throw new BackendUnavailableException("cannot open SQLite database '" + url.target() + "'"
                    + (forWriter ? "" : " (reader connection)") + ": " + e.getMessage(), e);
        }
    }

    /** @return whether the calling thread is inside a transaction of this adapter */
    public boolean inTransaction() {
        return current.get() != null;
    }

    /**
     * Records that work in the current transaction changed a collection's in-memory index, so that a
     * rollback discards it. Call before changing the index. No-op outside a transaction.
     *
     * @param collection the collection name
     */
    public void markMutated(String collection) {
        Tx tx = current.get();
        if (tx != null) {
            tx.mutated.add(collection);
        }
    }

    /**
     * Runs read-only work: on the writer connection when the calling thread is inside a
     * transaction (or the database is in memory), otherwise on a pooled reader connection.
     *
     * @param what a description for error messages
     * @param work the work
     * @param <T> result type
     * @return what the work returned
     */
    public <T> T read(String what, SqlWork<T> work) {
        ensureOpen();
        if (current.get() != null) {
            return run(what, writer, work);
        }
        if (url.memory()) {
            lockWriter();
            try {
                return run(what, writer, work);
            } finally {
                writeLock.unlock();
            }
        }
        Connection c = borrow();
        try {
            return run(what, c, work);
        } finally {
            giveBack(c);
        }
    }

    /**
     * Runs read-only work that makes several statements inside one read transaction
     * ({@code BEGIN} ... {@code COMMIT} on a reader connection), so they all see the same committed
     * state even while other connections commit. Inside the calling thread's transaction (or for an
     * in-memory database) it runs on the writer, which is already one consistent view.
     *
     * @param what a description for error messages
     * @param work the work
     * @param <T> result type
     * @return what the work returned
     */
    public <T> T readSnapshot(String what, SqlWork<T> work) {
        ensureOpen();
        if (current.get() != null || url.memory()) {
            return read(what, work);
        }
        Connection c = borrow();
        try {
            return run(what, c, conn -> {
                try (Statement s = conn.createStatement()) {
                    s.execute("BEGIN");
                }
                try {
                    return work.run(conn);
                } finally {
                    try (Statement s = conn.createStatement()) {
                        s.execute("COMMIT");
                    }
                }
            });
        } finally {
            giveBack(c);
        }
    }

    /**
     * @param c a connection of this adapter (the writer or a reader), used by the calling thread
     * @return its statement cache
     */
    public StatementCache statements(Connection c) {
        return statements.computeIfAbsent(c, StatementCache::new);
    }

    /**
     * Runs work in a write transaction on the writer connection: a new {@code BEGIN IMMEDIATE}
     * transaction, or a SAVEPOINT inside the calling thread's current transaction. On any exception
     * the transaction (or savepoint) is rolled back, the listener hears which collections' indexes
     * were marked mutated, and the exception propagates (driver errors translated).
     *
     * @param what a description for error messages
     * @param work the work
     * @param <T> result type
     * @return what the work returned
     */
    public <T> T write(String what, SqlWork<T> work) {
        ensureOpen();
        Tx tx = current.get();
        if (tx != null) {
            return inSavepoint(what, tx, work);
        }
        lockWriter();
        try {
            ensureOpen();
            tx = new Tx();
            current.set(tx);
            try {
                exec("BEGIN IMMEDIATE", what);
                // after BEGIN IMMEDIATE: no other connection can commit between this check and our
                // writes, so the cached indexes are never stale while this transaction changes them
                checkExternalChange();
                T result = run(what, writer, work);
                exec("COMMIT", what);
                if (!tx.mutated.isEmpty()) {
                    listener.committed(tx.mutated);
                }
                return result;
            } catch (RuntimeException | Error e) {
                rollbackQuietly("ROLLBACK");
                if (!tx.mutated.isEmpty()) {
                    listener.rolledBack(tx.mutated);
                }
                throw e;
            } finally {
                current.remove();
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Runs work on the writer connection with the writer lock held but without opening a
     * transaction (each statement commits by itself), joining the calling thread's transaction when
     * there is one. For raw SQL such as {@code VACUUM} that cannot run inside a transaction.
     *
     * @param what a description for error messages
     * @param work the work
     * @param <T> result type
     * @return what the work returned
     */
    public <T> T exclusive(String what, SqlWork<T> work) {
        ensureOpen();
        if (current.get() != null) {
            return run(what, writer, work);
        }
        lockWriter();
        try {
            ensureOpen();
            checkExternalChange();
            return run(what, writer, work);
        } finally {
            writeLock.unlock();
        }
    }

    private <T> T inSavepoint(String what, Tx tx, SqlWork<T> work) {
        String savepoint = "agentdb_sp" + (++tx.depth);
        Set<String> outer = tx.mutated;
        tx.mutated = new HashSet<>();
        try {
            exec("SAVEPOINT " + savepoint, what);
            T result = run(what, writer, work);
            exec("RELEASE " + savepoint, what);
            return result;
        } catch (RuntimeException | Error e) {
            rollbackQuietly("ROLLBACK TO " + savepoint);
            rollbackQuietly("RELEASE " + savepoint);
            if (!tx.mutated.isEmpty()) {
                listener.rolledBack(tx.mutated);
            }
            throw e;
        } finally {
            outer.addAll(tx.mutated);
            tx.mutated = outer;
            tx.depth--;
        }
    }

    private <T> T run(String what, Connection c, SqlWork<T> work) {
        try {
            return work.run(c);
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, what);
        }
    }

    private void exec(String sql, String what) {
        try (Statement s = writer.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, what + " (" + sql + ")");
        }
    }

    private void rollbackQuietly(String sql) {
        try (Statement s = writer.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            LOG.debug("{} failed: {}", sql, e.getMessage()); // nothing to roll back when BEGIN/SAVEPOINT itself failed
        }
    }

    /**
     * For readers: detects commits by other connections to the file (another {@code AgentDB} on the
     * same file, or another process) before a cached index is used, as every write transaction
     * does, so a search sees what others committed. Skipped inside the calling thread's transaction
     * and while this handle's writer is busy (that write checks itself after {@code BEGIN IMMEDIATE}).
     */
    public void checkExternalChangeForRead() {
        if (url.memory() || current.get() != null || !writeLock.tryLock()) {
            return;
        }
        try {
            ensureOpen();
            checkExternalChange();
        } finally {
            writeLock.unlock();
        }
    }

    /** Detects commits by other processes ({@code PRAGMA data_version} changes only for other connections' commits). */
    private void checkExternalChange() {
        if (url.memory()) {
            return;
        }
        long now;
        try (ResultSet rs = statements(writer).prepare("PRAGMA data_version").executeQuery()) {
            rs.next();
            now = rs.getLong(1);
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, "PRAGMA data_version");
        }
        if (dataVersion != Long.MIN_VALUE && now != dataVersion) {
            LOG.info("SQLite file '{}' was changed by another process; reloading collection state", url.target());
            listener.externalChange();
        }
        dataVersion = now;
    }

    private void lockWriter() {
        long waitMs = config.connectTimeoutMs() + config.busyTimeoutMs();
        try {
            if (!writeLock.tryLock(waitMs, TimeUnit.MILLISECONDS)) {
                throw new BackendUnavailableException("timed out after " + waitMs
                        + " ms waiting for the SQLite writer connection (another thread holds a long transaction)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("interrupted while waiting for the SQLite writer connection", e);
        }
    }

    private Connection borrow() {
        Connection c = idleReaders.poll();
        if (c != null) {
            return c;
        }
        while (true) {
            int n = openReaders.get();
            if (n >= maxReaders) {
                break;
            }
            if (openReaders.compareAndSet(n, n + 1)) {
                try {
                    return open(false);
                } catch (RuntimeException e) {
                    openReaders.decrementAndGet();
                    throw e;
                }
            }
        }
        try {
            c = idleReaders.poll(config.connectTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("interrupted while waiting for a SQLite reader connection", e);
        }
        if (c == null) {
            throw new BackendUnavailableException("timed out after " + config.connectTimeoutMs()
                    + " ms waiting for one of " + maxReaders + " SQLite reader connections");
        }
        return c;
    }

    private void giveBack(Connection c) {
        boolean healthy;
        try {
            healthy = !c.isClosed() && c.getAutoCommit();
        } catch (SQLException e) {
            healthy = false;
        }
        if (closed || !healthy || !idleReaders.offer(c)) {
            closeQuietly(c);
            openReaders.decrementAndGet();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new BackendUnavailableException("the SQLite adapter for '" + url.target() + "' is closed");
        }
    }

    /** @return whether {@link #close()} was called */
    public boolean isClosed() {
        return closed;
    }

    /** Closes every connection; waits for a running write to finish. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean locked = false;
        try {
            locked = writeLock.tryLock(config.connectTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Connection c;
            while ((c = idleReaders.poll()) != null) {
                closeQuietly(c);
                openReaders.decrementAndGet();
            }
            closeQuietly(writer);
        } finally {
            if (locked) {
                writeLock.unlock();
            }
        }
    }

    private void closeQuietly(Connection c) {
        StatementCache cache = statements.remove(c);
        if (cache != null) {
            cache.close();
        }
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("closing a SQLite connection failed: {}", e.getMessage());
        }
    }
}
