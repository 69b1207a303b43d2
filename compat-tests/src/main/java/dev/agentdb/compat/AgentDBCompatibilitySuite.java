package dev.agentdb.compat;

import dev.agentdb.AgentDB;

/**
 * The whole compatibility kit. An adapter writes one subclass and inherits every test:
 *
 * <pre>{@code
 * class SqliteCompatibilityIT extends AgentDBCompatibilitySuite {
 *     @TempDir Path dir;
 *     private final AtomicInteger n = new AtomicInteger();
 *
 *     @Override
 *     protected String newDatabaseUrl() {
 *         return "sqlite:" + dir.resolve("db" + n.incrementAndGet() + ".db");
 *     }
 * }
 * }</pre>
 *
 * <p>The layers, each an abstract class adding its own tests (extend a lower layer to run only part
 * of the kit while an adapter is being written):
 * <ol>
 *   <li>{@link CrudSuite}: collections, ids, get/insert/upsert/delete/count, scans, the default collection</li>
 *   <li>{@link MetadataSuite}: metadata round-trips every JSON type</li>
 *   <li>{@link FilterSuite}: every row of {@link FilterCases} against the {@code Filter.test} oracle and the backend</li>
 *   <li>{@link SearchSuite}: recall against exact scans per metric, scores, ordering, threshold, filter + k
 *       (also when 1% or 10% of the records match), overrides</li>
 *   <li>{@link RemovalSuite}: deleted records never come back</li>
 *   <li>{@link BatchAtomicitySuite}: a bad record stores none of its batch</li>
 *   <li>{@link InvalidInputSuite}: every typed error, and stored data unchanged after it</li>
 *   <li>{@link ConcurrencySuite}: readers and writers sharing one database; writers on several connections</li>
 *   <li>{@link PersistenceSuite}: close and reopen (when {@code DURABLE})</li>
 *   <li>{@link TransactionSuite}: commit and rollback across collections, visibility to another
 *       connection (when {@code TRANSACTIONS}); the state stores, each apart from the other</li>
 *   <li>{@link ReindexSuite}: rebuilding a collection's index with new parameters (HNSW, FLAT,
 *       IVFFLAT where supported), persisted, atomic, refused without changes</li>
 * </ol>
 *
 * <p>Server backends get their URL from {@link TestBackends}; {@link CrossBackendAssertions}
 * compares two backends' answers on the same data.
 *
 * <p>Each test opens a fresh database from {@link #newDatabaseUrl()} and closes it afterwards.
 * Optional capabilities are checked with assumptions, so a backend without them reports those
 * tests as skipped rather than failed.
 */
public abstract class AgentDBCompatibilitySuite extends ReindexSuite {

    /** For subclasses. */
    protected AgentDBCompatibilitySuite() {
    }

    /** @return a URL of a new, empty database, unique per call; opening the same URL again reaches the same data */
    @Override
    protected abstract String newDatabaseUrl();

    /**
     * Opens a URL; override to pass options.
     *
     * @param url a URL returned by {@link #newDatabaseUrl()}
     * @return the open database
     */
    @Override
    protected AgentDB open(String url) {
        return AgentDB.open(url);
    }
}
