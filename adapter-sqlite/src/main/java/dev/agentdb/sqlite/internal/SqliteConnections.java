package dev.agentdb.sqlite.internal;

import dev.agentdb.AgentDBConfig;
import dev.agentdb.BackendUnavailableException;
import dev.agentdb.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

import dev.agentdb.sql.jdbc.ConnectionStrategy;
import dev.agentdb.sql.jdbc.SqlWork;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The connection strategy of one SQLite adapter ({@link ConnectionStrategy} of its
 * {@link dev.agentdb.sql.jdbc.JdbcSession}): one writer connection guarded by a lock, plus a small
 * pool of reader connections.
 *
 * <p>Why: SQLite allows one writer at a time per file; in WAL mode readers run concurrently with
 * that writer and see the last committed state. So every write and every transaction runs on the
 * single writer connection, serialised by a {@link ReentrantLock} ({@link #acquireWriter} takes it,
 * {@link #release} of the writer frees it), while searches and reads borrow a reader connection and
 * never wait for writers. The session binds a transaction to its thread and nests savepoints; reads
 * of that thread run on the writer connection, so they see the transaction's own writes.
 * {@link #begin} runs {@code BEGIN IMMEDIATE} and then checks {@code PRAGMA data_version}: no other
 * connection can commit between that check and this transaction's writes, so the cached indexes are
 * never stale while it changes them.
 *
 * <p>An in-memory database ({@code sqlite::memory:}) is private to its connection, so it has only
 * the writer connection: reads take the lock too. Simple and correct; in-memory databases are for
 * tests and scratch work.
 *
 * <p>Read-only ({@code readOnly}): every connection, the "writer" included, is opened with
 * {@code SQLITE_OPEN_READONLY} (never created) and sets no journal mode, so opening writes nothing
 * and SQLite refuses any write ({@code SQLITE_READONLY}); {@link #begin} runs a deferred
 * {@code BEGIN}, which takes no write lock, so a transaction is one consistent read view. A file
 * that must exist ({@code mode=ro}, {@code mode=rw}, read-only) is checked first, and the error
 * names it.
 *
 * <p>Thread-safe. Not API.
 */
public final class SqliteConnections implements ConnectionStrategy {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteConnections.class);

    /** Config property setting {@code PRAGMA mmap_size} in bytes for files (0 disables memory-mapped reads). */
    public static final String MMAP_PROPERTY = "sqlite.mmap_size";
    /** Default {@code PRAGMA mmap_size}: 1 GiB, in bytes (SQLite caps it at its compile-time maximum). */
    public static final long DEFAULT_MMAP_BYTES = 1L << 30;
    /** Config property overriding {@code PRAGMA synchronous} for files ({@code NORMAL} by default; {@code FULL} survives power loss). */
    public static final String SYNCHRONOUS_PROPERTY = "sqlite.synchronous";

    /** Upper bound on reader connections, whatever the configured pool size (SQLite readers are cheap but not free). */
    public static final int MAX_READERS = 8;

    /** Told when another connection committed to the file: every cached state may be stale. */
    @FunctionalInterface
    public interface Listener {
        /** Another connection committed to the file since our last check. */
        void externalChange();
    }

    private final SqliteUrl url;
    private final boolean readOnly;
    private final AgentDBConfig config;
    private final SQLiteConfig.SynchronousMode synchronous;
    private final Listener listener;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Connection writer;
    private final BlockingQueue<Connection> idleReaders;
    private final AtomicInteger openReaders = new AtomicInteger();
    private final int maxReaders;
    private volatile boolean closed;
    private long dataVersion = Long.MIN_VALUE;
    private final long mmapBytes;
    private final java.util.concurrent.ConcurrentHashMap<Connection, StatementCache> statements = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Opens the writer connection (readers open lazily) and applies the pragmas.
     *
     * @param url the parsed URL
     * @param config the adapter configuration (busy timeout, pool size, {@code sqlite.synchronous} property)
     * @param readOnly whether every connection is opened read-only (the URL's or the configuration's wish)
     * @param listener told about rollbacks and external changes
     * @throws BackendUnavailableException when the file cannot be opened, or must exist and does not
     *         (the message names it)
     * @throws InvalidInputException when {@code sqlite.synchronous} is not a SQLite synchronous mode
     */
    public SqliteConnections(SqliteUrl url, AgentDBConfig config, boolean readOnly, Listener listener) {
        this.url = url;
        this.readOnly = readOnly;
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
        Optional<Path> file = url.file();
        if ((readOnly || url.mustExist()) && file.isPresent() && !Files.exists(file.get())) {
            throw new BackendUnavailableException("SQLite database file '" + file.get().toAbsolutePath() + "' does not exist; "
                    + (readOnly ? "a database opened read-only" : "a database opened with mode=rw") + " is never created (check"
                    + " the path; without readOnly and mode, a missing file is created)");
        }
        this.writer = open(true);
    }

    /** @return the most reader connections this adapter opens (0 for an in-memory database, whose reads use the writer) */
    public int maxReaders() {
        return maxReaders;
    }

    /** @return whether the database is in memory */
    public boolean memory() {
        return url.memory();
    }

    private Connection open(boolean forWriter) {
        SQLiteConfig c = new SQLiteConfig();
        c.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, config.busyTimeoutMs()));
        if (readOnly) {
            c.setReadOnly(true); // SQLITE_OPEN_READONLY, never created
        } else if (url.mustExist()) {
            c.resetOpenMode(SQLiteOpenMode.CREATE); // mode=rw
        }
        if (!url.memory()) {
            if (!readOnly) {
                c.setJournalMode(SQLiteConfig.JournalMode.WAL); // a write: a read-only open keeps the file's mode
            }
            c.setSynchronous(synchronous);
            // Reads through a memory map share the OS page cache instead of a small private cache per
            // connection: point lookups of search hits in a large file cost half as much.
            c.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, String.valueOf(mmapBytes));
        }
        Connection conn = null;
        try {
            conn = DriverManager.getConnection(url.jdbcUrl(readOnly), c.toProperties());
            conn.setAutoCommit(true);
            if (readOnly && forWriter) {
                try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master")) {
                    rs.next(); // a read-only open fails here, not at open, when SQLite cannot read the file
                }
            }
            return conn;
        } catch (SQLException e) {
            if (conn != null) {
                closeQuietly(conn);
            }
            throw new BackendUnavailableException("cannot open SQLite database '" + url.target() + "'"
                    + (readOnly ? " read-only" : "") + (forWriter ? "" : " (reader connection)") + ": " + e.getMessage()
                    + (readOnly ? walHint() : readOnlyHint(e)), e);
        }
    }

    /** Why a read-write open of an existing file may fail: the file, its directory or its filesystem is read-only. */
    private String readOnlyHint(SQLException e) {
        Optional<Path> file = url.file();
        boolean readOnlyError = e instanceof org.sqlite.SQLiteException x && x.getResultCode() != null
                && (x.getResultCode().name().startsWith("SQLITE_READONLY") || x.getResultCode().name().startsWith("SQLITE_CANTOPEN"));
        if (!readOnlyError || file.isEmpty() || !Files.isRegularFile(file.get())) {
            return "";
        }
        return "; if the file, its directory or its filesystem is read-only, open it read-only: sqlite:" + file.get()
                + "?mode=ro (or ?immutable=1 for a file in WAL mode on a read-only filesystem)";
    }

    /**
     * Why a read-only open of an existing file may fail: a file in WAL mode needs its {@code -wal} and
     * {@code -shm} files, which SQLite creates next to it when they are missing, and cannot on a
     * read-only directory or filesystem (https://www.sqlite.org/wal.html, "Read-Only Databases").
     */
    private String walHint() {
        Optional<Path> file = url.file();
        if (url.immutable() || file.isEmpty() || !Files.isRegularFile(file.get())) {
            return "";
        }
        byte[] header = new byte[20];
        try (java.io.InputStream in = Files.newInputStream(file.get())) {
            if (in.readNBytes(header, 0, header.length) < header.length || header[18] != 2) {
                return ""; // not in WAL mode (bytes 18-19 of the header are 2 in WAL mode)
            }
        } catch (java.io.IOException e) {
            return "";
        }
        return "; the file is in WAL mode and SQLite needs its -wal and -shm files, which it could not create next to it"
                + " (a read-only directory or filesystem?): if nothing writes the file while it is open, add immutable=1"
                + " (sqlite:" + file.get() + "?immutable=1)";
    }

    @Override
    public Connection acquireReader() {
        ensureOpen();
        if (url.memory()) {
            lockWriter();
            if (closed) {
                writeLock.unlock();
                ensureOpen();
            }
            return writer;
        }
        return borrow();
    }

    @Override
    public Connection acquireWriter() {
        ensureOpen();
        lockWriter();
        if (closed) {
            writeLock.unlock();
            ensureOpen();
        }
        return writer;
    }

    @Override
    public void release(Connection connection) {
        if (connection == writer) {
            writeLock.unlock();
        } else {
            giveBack(connection);
        }
    }

    /**
     * {@code BEGIN IMMEDIATE} (a deferred {@code BEGIN} when read-only: no write lock), then the check
     * for other processes' commits (see the class comment).
     */
    @Override
    public void begin(Connection connection) throws SQLException {
        exec(connection, readOnly ? "BEGIN" : "BEGIN IMMEDIATE");
        try {
            checkExternalChange();
        } catch (RuntimeException e) {
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

    /** Checks for other processes' commits before auto-commit work on the writer (raw SQL, VACUUM). */
    @Override
    public void beforeAutoCommit(Connection connection) {
        checkExternalChange();
    }

    /**
     * Runs read-only work that makes several statements inside one read transaction
     * ({@code BEGIN} ... {@code COMMIT} on a reader connection), so they all see the same committed
     * state even while other connections commit. Not for a thread inside a transaction (its reads
     * belong on the transaction's connection); an in-memory database runs it on the writer.
     *
     * @param what a description for error messages
     * @param work the work
     * @param <T> result type
     * @return what the work returned
     */
    public <T> T readSnapshot(String what, SqlWork<T> work) {
        Connection c = acquireReader();
        try {
            if (url.memory()) {
                return work.run(c);
            }
            exec(c, "BEGIN");
            try {
                return work.run(c);
            } finally {
                exec(c, "COMMIT");
            }
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, what);
        } finally {
            release(c);
        }
    }

    /**
     * @param c a connection of this adapter (the writer or a reader), used by the calling thread
     * @return its statement cache
     */
    public StatementCache statements(Connection c) {
        return statements.computeIfAbsent(c, StatementCache::new);
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /**
     * For readers: detects commits by other connections to the file (another {@code AgentDB} on the
     * same file, or another process) before a cached index is used, as every write transaction
     * does, so a search sees what others committed. Skipped inside the calling thread's transaction
     * and while this handle's writer is busy (that write checks itself after {@code BEGIN IMMEDIATE}).
     */
    public void checkExternalChangeForRead() {
        if (url.memory() || writeLock.isHeldByCurrentThread() || !writeLock.tryLock()) {
            return; // in this thread's transaction, or while a write runs (which checks after BEGIN IMMEDIATE)
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
