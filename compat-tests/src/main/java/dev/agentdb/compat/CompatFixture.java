package dev.agentdb.compat;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionSpec;
import dev.agentdb.Metric;
import dev.agentdb.VectorCollection;
import dev.agentdb.spi.Capability;

import java.util.Map;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What every contract of the kit asks of its fixture: the current test's database, more handles on
 * it, the backend's capabilities, and a hook for search indexes that catch up after a delay.
 *
 * <p>The contracts ({@link CrudContract}, {@link FilterContract}, ...) are JUnit 5 test interfaces
 * that extend this one; their default {@code @Test} methods run in any class implementing them.
 * {@link AgentDBFixture} implements this interface with a fresh database per test; an adapter's test
 * class extends it and implements the contracts it wants to run, or extends
 * {@link AgentDBCompatibilitySuite}, which implements them all.
 *
 * <p>Optional capabilities are checked with assumptions ({@link #assumeCapability}), so a backend
 * without them reports those tests as skipped with a message naming the backend and capability,
 * never as passed. (JUnit's {@code @EnabledIf} cannot do this: conditions are evaluated before
 * {@code @BeforeEach}, when the test's database is not open yet.)
 */
public interface CompatFixture {

    /**
     * @return the current test's database: fresh and empty when the test starts, closed after it;
     *         after {@link #reopen()}, the reopened handle
     */
    AgentDB db();

    /**
     * Closes the current database and opens the same URL again (a restart, as seen by the kit).
     *
     * @return the reopened database, which {@link #db()} returns from now on; closed after the test
     */
    AgentDB reopen();

    /**
     * Opens the current test's URL a second time, next to {@link #db()} (another connection or
     * process, as seen by the kit).
     *
     * @return a second handle on the same data; closed after the test
     */
    AgentDB openAgain();

    /**
     * Opens the current test's URL a second time, read-only ({@link dev.agentdb.AgentDBConfig#readOnly()}),
     * next to {@link #db()}; used by {@link ReadOnlyContract} on backends declaring
     * {@link Capability#READ_ONLY}.
     *
     * @return a read-only handle on the same data; closed after the test
     */
    AgentDB openReadOnly();

    /**
     * Opens, read-only, a database that was never created: a fresh URL of the fixture (as for a new
     * test), opened the way {@link #openReadOnly()} opens. A backend declaring
     * {@link Capability#READ_ONLY} refuses it and creates nothing.
     *
     * @return the handle, when the backend opened it after all; closed after the test
     */
    AgentDB openReadOnlyNeverCreated();

    /**
     * Waits until searches on {@code collection} see every write made to it so far. The kit calls it
     * after writing and before a search that must see those writes (never inside a transaction,
     * never while the writes it waits for are still running); {@code get}, {@code count} and
     * {@code scan} are expected to see a write as soon as it returns, on every backend.
     *
     * <p>Override it for a backend whose search index becomes consistent after a delay (a managed,
     * eventually consistent vector index, say): force a refresh, or poll until the index has caught
     * up, e.g. until {@code collection.stats().indexedCount() == expectedCount}, and fail (throw)
     * after a bounded time rather than return while the index lags. A count does not change when an
     * upsert replaces metadata or an embedding, so an implementation that can only observe counts
     * should also wait out its backend's documented refresh interval.
     *
     * <p>The default returns at once: the index is consistent when a write returns.
     *
     * @param collection the collection just written to, through any handle on the test's database
     * @param expectedCount the number of records the collection holds once those writes are
     *                      visible, 0 or more
     */
    default void awaitSearchable(VectorCollection collection, long expectedCount) {
        // consistent at once
    }

    /**
     * @param capability an optional ability
     * @return whether the current database declares it
     */
    default boolean supports(Capability capability) {
        return db().capabilities().contains(capability);
    }

    /**
     * Skips the current test (as an aborted assumption, with a message) unless the backend declares
     * a capability.
     *
     * @param capability the ability the test needs
     */
    default void assumeCapability(Capability capability) {
        assumeTrue(supports(capability), () -> "backend " + db().backendType() + " does not declare " + capability);
    }

    /**
     * Skips the current test (with a message) when the backend declares a capability: for tests of
     * how a backend without it refuses.
     *
     * @param capability the ability whose absence the test checks
     */
    default void assumeLacks(Capability capability) {
        assumeFalse(supports(capability), () -> "backend " + db().backendType() + " declares " + capability
                + "; this test checks the refusal of backends without it");
    }

    /**
     * Creates a collection with the default index parameters.
     *
     * @param name collection name
     * @param dimension embedding length, 1 or more
     * @param metric metric
     * @return the collection
     */
    default VectorCollection createCollection(String name, int dimension, Metric metric) {
        return db().createCollection(name, CollectionSpec.of(dimension, metric));
    }

    /**
     * Creates a collection, inserts vectors with ids {@code r0000, r0001, ...} and metadata
     * {@code {"i": index, "bucket": index % 50}} in batches of {@value Corpus#BATCH}, and waits
     * until they are searchable ({@link #awaitSearchable}).
     *
     * @param name collection name
     * @param spec collection spec
     * @param vectors the vectors, each of {@code spec.dimension()}
     * @return the corpus
     */
    default Corpus insertCorpus(String name, CollectionSpec spec, float[][] vectors) {
        return insertCorpus(name, spec, vectors, Corpus::defaultMetadata);
    }

    /**
     * Like {@link #insertCorpus(String, CollectionSpec, float[][])}, with the given metadata.
     *
     * @param name collection name
     * @param spec collection spec
     * @param vectors the vectors, each of {@code spec.dimension()}
     * @param metadata the metadata of the record at each index
     * @return the corpus
     */
    default Corpus insertCorpus(String name, CollectionSpec spec, float[][] vectors,
            IntFunction<Map<String, Object>> metadata) {
        Corpus corpus = Corpus.insert(db().createCollection(name, spec), vectors, metadata);
        awaitSearchable(corpus.collection, vectors.length);
        return corpus;
    }
}
