package dev.agentdb.compat;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionSpec;
import dev.agentdb.Metric;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.spi.Capability;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The root of the compatibility kit: opens a fresh, empty database before each test and closes
 * every database a test opened after it. Adapters do not extend this class directly; they extend
 * {@link AgentDBCompatibilitySuite}, which inherits every layer of the kit.
 *
 * <p>Each test sees its own database ({@link #newDatabaseUrl()} is called once per test), so tests
 * never depend on each other and run in any order.
 */
public abstract class CompatSuiteBase {
    /** The database of the current test, opened from {@link #url} before each test. */
    protected AgentDB db;
    /** The URL of the current test's database. */
    protected String url;

    private final List<AgentDB> opened = new ArrayList<>();

    /** For subclasses. */
    protected CompatSuiteBase() {
    }

    /**
     * @return a URL of a new, empty database, unique per call; opening the same URL again reaches
     *         the same data
     */
    protected abstract String newDatabaseUrl();

    /**
     * Opens a URL; override to pass options.
     *
     * @param url a URL returned by {@link #newDatabaseUrl()}
     * @return the open database
     */
    protected AgentDB open(String url) {
        return AgentDB.open(url);
    }

    @BeforeEach
    final void openFreshDatabase() {
        url = newDatabaseUrl();
        db = track(open(url));
    }

    @AfterEach
    final void closeOpenedDatabases() {
        RuntimeException first = null;
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        opened.clear();
        if (first != null) {
            throw first;
        }
    }

    /**
     * Closes the current database and opens its URL again.
     *
     * @return the reopened database, also stored in {@link #db}
     */
    protected AgentDB reopen() {
        db.close();
        db = track(open(url));
        return db;
    }

    /**
     * Opens the current test's URL a second time, next to {@link #db}.
     *
     * @return a second handle on the same database; closed after the test
     */
    protected AgentDB openAgain() {
        return track(open(url));
    }

    private AgentDB track(AgentDB opened) {
        this.opened.add(opened);
        return opened;
    }

    /**
     * @param capability an optional ability
     * @return whether the current database declares it
     */
    protected boolean supports(Capability capability) {
        return db.capabilities().contains(capability);
    }

    /**
     * Skips the current test (as an aborted assumption) when the backend lacks a capability.
     *
     * @param capability the ability the test needs
     */
    protected void assumeCapability(Capability capability) {
        assumeTrue(supports(capability), () -> "backend " + db.backendType() + " does not declare " + capability);
    }

    /**
     * Creates a collection with the default index parameters.
     *
     * @param name collection name
     * @param dimension embedding length
     * @param metric metric
     * @return the collection
     */
    protected VectorCollection createCollection(String name, int dimension, Metric metric) {
        return db.createCollection(name, CollectionSpec.of(dimension, metric));
    }

    /**
     * @param results search results
     * @return their ids, in order
     */
    protected static List<String> ids(List<SearchResult> results) {
        List<String> out = new ArrayList<>(results.size());
        for (SearchResult r : results) {
            out.add(r.id());
        }
        return out;
    }

    /**
     * Reads a whole collection through {@link VectorCollection#scan(String, int)}.
     *
     * @param collection the collection
     * @return every record, in id order
     */
    protected static List<VectorRecord> scanAll(VectorCollection collection) {
        List<VectorRecord> out = new ArrayList<>();
        String after = null;
        while (true) {
            List<VectorRecord> page = collection.scan(after, 1_000);
            out.addAll(page);
            if (page.size() < 1_000) {
                return out;
            }
            after = page.get(page.size() - 1).id();
        }
    }

    /**
     * @param collection the collection
     * @return the ids of every record, in id order
     */
    protected static List<String> allIds(VectorCollection collection) {
        List<String> out = new ArrayList<>();
        for (VectorRecord r : scanAll(collection)) {
            out.add(r.id());
        }
        return out;
    }

    /**
     * @param values components
     * @return them as a vector
     */
    protected static float[] vec(float... values) {
        return values;
    }
}
