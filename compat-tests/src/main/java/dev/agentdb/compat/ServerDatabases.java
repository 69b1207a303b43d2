package dev.agentdb.compat;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * One database server of an adapter's integration tests, selected by {@link TestBackends}
 * ({@code AGENTDB_TEST_<BACKEND>_URL}, else an optional container, else the test class is skipped
 * with a message, or fails under {@code CI=true}), handing out fresh databases {@code kit_<random>}
 * that are dropped after the class. An adapter's test support extends it with how its server creates
 * and drops a database, and is registered as a JUnit extension on a static field.
 */
public abstract class ServerDatabases implements BeforeAllCallback, AfterAllCallback {
    private final String backend;
    private final Supplier<String> container;
    private final boolean optional;
    private final List<String> databases = new CopyOnWriteArrayList<>();

    /**
     * @param backend the backend name of the variable, e.g. {@code MARIADB} for {@code AGENTDB_TEST_MARIADB_URL}
     * @param container starts a container and returns its URL (called only when the variable is unset and a
     *                  Docker engine answers), or null for none
     * @param optional true for an opt-in server: skipped (never failed, also under {@code CI=true}) when the
     *                 variable is unset and no Docker engine answers
     */
    protected ServerDatabases(String backend, Supplier<String> container, boolean optional) {
        this.backend = backend;
        this.container = container;
        this.optional = optional;
    }

    /** @return the server URL (the test is skipped, or fails under {@code CI=true}, when there is none) */
    public String baseUrl() {
        return TestBackends.url(backend, container);
    }

    /**
     * Skips an opt-in server's class when it has no URL and no Docker engine answers, else resolves the URL.
     *
     * @param context the test class's context
     */
    @Override
    public void beforeAll(ExtensionContext context) {
        if (optional) {
            String variable = System.getenv("AGENTDB_TEST_" + backend + "_URL");
            if ((variable == null || variable.isBlank()) && !TestBackends.dockerReachable()) {
                String message = "skipping " + context.getDisplayName() + ": the " + backend + " kit is opt-in, AGENTDB_TEST_" + backend
                        + "_URL is unset and no Docker engine answers";
                System.err.println("[agentdb-compat] " + message);
                Assumptions.abort(message);
            }
        }
        baseUrl();
    }

    /**
     * Drops the databases handed out.
     *
     * @param context the test class's context
     * @throws Exception when the server refuses
     */
    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (databases.isEmpty()) {
            return;
        }
        List<String> all = new ArrayList<>(databases);
        databases.clear();
        drop(all);
    }

    /**
     * @return the URL of a new, empty database on the server, dropped after the class
     * @throws IllegalStateException when the server cannot create it
     */
    public String newDatabaseUrl() {
        String name = "kit_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try {
            create(name);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
        }
        databases.add(name);
        return withDatabase(baseUrl(), name);
    }

    /**
     * Creates a database on the server (a server that creates databases on first write does nothing).
     *
     * @param database its name, {@code kit_} and 16 hex digits
     * @throws Exception when the server refuses
     */
    protected abstract void create(String database) throws Exception;

    /**
     * Drops databases made by {@link #create}.
     *
     * @param databases their names
     * @throws Exception when the server refuses
     */
    protected abstract void drop(List<String> databases) throws Exception;

    /**
     * @param url a server URL {@code scheme://authority[/database][?query]}
     * @param database another database
     * @return the URL naming that database instead, query kept
     */
    public static String withDatabase(String url, String database) {
        int q = url.indexOf('?');
        String head = q < 0 ? url : url.substring(0, q);
        String query = q < 0 ? "" : url.substring(q);
        int slash = head.indexOf('/', head.indexOf("//") + 2);
        return (slash < 0 ? head + "/" : head.substring(0, slash + 1)) + database + query;
    }
}
