package dev.agentdb.compat;

import dev.agentdb.AgentDB;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The kit's fixture: opens a fresh, empty database before each test from {@link #newDatabaseUrl()}
 * and closes every database the test opened after it, so tests never depend on each other and run in
 * any order.
 *
 * <p>An adapter's test class extends it, supplies the URL, and implements the contracts to run:
 * <pre>{@code
 * class MyAdapterCrudIT extends AgentDBFixture implements CrudContract, FilterContract {
 *     @Override
 *     protected String newDatabaseUrl() {
 *         return "mydb://localhost/test_" + UUID.randomUUID();   // new and empty per call
 *     }
 * }
 * }</pre>
 * or extends {@link AgentDBCompatibilitySuite} to run them all. Override {@link #open(String)} to
 * pass options or wire an adapter explicitly (and then {@link #openReadOnly(String)} likewise), and
 * {@link #awaitSearchable} for a search index that catches up after a delay.
 */
public abstract class AgentDBFixture implements CompatFixture {
    private final List<AgentDB> opened = new CopyOnWriteArrayList<>();
    private String url;
    private AgentDB db;

    /** For subclasses. */
    protected AgentDBFixture() {
    }

    /**
     * @return a URL of a new, empty database, unique per call; opening the same URL again reaches
     *         the same data. Called once per test.
     */
    protected abstract String newDatabaseUrl();

    /**
     * Opens a URL; override to pass options, e.g.
     * {@code AgentDB.open(AgentDBConfig.builder(url).poolSize(4).build())}, or to wire an adapter
     * with {@code AgentDB.builder().adapter(...)}.
     *
     * @param url a URL returned by {@link #newDatabaseUrl()}
     * @return the open database
     */
    protected AgentDB open(String url) {
        return AgentDB.open(url);
    }

    /**
     * Opens a URL read-only; override it as {@link #open(String)} is overridden, e.g.
     * {@code AgentDB.open(AgentDBConfig.builder(url).poolSize(4).readOnly(true).build())}, or
     * {@code AgentDB.builder().adapter(new MyAdapter(AgentDBConfig.builder(url).readOnly(true).build())).build()}.
     *
     * @param url a URL returned by {@link #newDatabaseUrl()}, of a database that exists
     * @return the database, open read-only
     */
    protected AgentDB openReadOnly(String url) {
        return AgentDB.open(dev.agentdb.AgentDBConfig.builder(url).readOnly(true).build());
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

    /** @return the URL of the current test's database, as returned by {@link #newDatabaseUrl()} */
    protected final String url() {
        return url;
    }

    @Override
    public final AgentDB db() {
        return db;
    }

    @Override
    public final AgentDB reopen() {
        db.close();
        db = track(open(url));
        return db;
    }

    @Override
    public final AgentDB openAgain() {
        return track(open(url));
    }

    @Override
    public final AgentDB openReadOnly() {
        return track(openReadOnly(url));
    }

    @Override
    public final AgentDB openReadOnlyNeverCreated() {
        return track(openReadOnly(newDatabaseUrl()));
    }

    private AgentDB track(AgentDB handle) {
        opened.add(handle);
        return handle;
    }
}
