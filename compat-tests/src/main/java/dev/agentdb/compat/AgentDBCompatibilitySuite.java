package dev.agentdb.compat;

/**
 * The whole compatibility kit: the {@link AgentDBFixture} with every contract. An adapter writes one
 * subclass that supplies its URLs and runs every test:
 *
 * <pre>{@code
 * class SqliteCompatibilityIT extends AgentDBCompatibilitySuite {
 *     @TempDir Path dir;
 *
 *     @Override
 *     protected String newDatabaseUrl() {
 *         return "sqlite:" + dir.resolve(UUID.randomUUID() + ".db");
 *     }
 * }
 * }</pre>
 *
 * <p>The contracts, each a JUnit 5 test interface that runs on its own (while an adapter is being
 * written, extend {@link AgentDBFixture} and implement only those that should pass already):
 * <ol>
 *   <li>{@link CrudContract}: collections, ids, get/insert/upsert/delete/count, scans, the default collection</li>
 *   <li>{@link MetadataContract}: metadata round-trips every JSON type</li>
 *   <li>{@link FilterContract}: every row of {@link FilterCases} against the {@code Filter.test} oracle and the backend</li>
 *   <li>{@link SearchContract}: recall against exact scans per metric, scores, ordering, threshold, filter + k
 *       (also when 1% or 10% of the records match), overrides, IVFFlat where supported</li>
 *   <li>{@link RemovalContract}: deleted records never come back</li>
 *   <li>{@link BatchAtomicityContract}: a bad record stores none of its batch</li>
 *   <li>{@link InvalidInputContract}: every typed error, and stored data unchanged after it</li>
 *   <li>{@link AcceptedRecordsContract}: generated records are stored exactly when inside the value
 *       domain, and every stored one reads back, scans, filters and searches as written</li>
 *   <li>{@link BadInputCorpusContract}: 10,000 generated inputs (vectors, ids, metadata, filters,
 *       names) each end in a correct result or a typed error, the stored data unchanged</li>
 *   <li>{@link ConcurrencyContract}: readers and writers sharing one database; writers on several
 *       connections; filtered searches that only return matching records while four writers flip,
 *       insert and delete them, and a final count of inserts minus deletes</li>
 *   <li>{@link PersistenceContract}: close and reopen (when {@code DURABLE})</li>
 *   <li>{@link TransactionContract}: commit and rollback across collections, visibility to another
 *       connection (when {@code TRANSACTIONS}); the state stores, each apart from the other</li>
 *   <li>{@link ReindexContract}: rebuilding a collection's index with new parameters (HNSW, FLAT,
 *       IVFFLAT where supported), persisted, atomic, refused without changes</li>
 *   <li>{@link FindContract}: records by metadata (filter, sort, page), every row of {@link FindCases}
 *       in exactly the reference order of {@link dev.agentdb.Sort}</li>
 *   <li>{@link ReadOnlyContract}: a read-only handle reads what a read-write one reads and sees its
 *       commits, refuses every write (raw SQL too) and changes nothing, and creates no database
 *       (when {@code READ_ONLY}); the refusal to open read-only otherwise</li>
 *   <li>{@link OrmContract}: entities of every supported type, query-builder rows against the reference,
 *       similarity with conditions, 10,000 entities streamed and paged, mapping errors</li>
 * </ol>
 *
 * <p>Server backends get their URL from {@link TestBackends}; {@link CrossBackendAssertions}
 * compares two backends' answers on the same data. Optional capabilities are checked with
 * assumptions, so a backend without them reports those tests as skipped rather than passed.
 */
public abstract class AgentDBCompatibilitySuite extends AgentDBFixture
        implements CrudContract, MetadataContract, FilterContract, SearchContract, RemovalContract,
        BatchAtomicityContract, InvalidInputContract, AcceptedRecordsContract, BadInputCorpusContract,
        ConcurrencyContract, PersistenceContract, TransactionContract, ReindexContract, FindContract, ReadOnlyContract, OrmContract {

    /** For subclasses. */
    protected AgentDBCompatibilitySuite() {
    }
}
