package dev.agentdb.mongodb;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.agentdb.compat.TestBackends;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * One MongoDB-protocol server of the integration tests, selected by the kit's {@link TestBackends}:
 * {@code AGENTDB_TEST_<BACKEND>_URL} (e.g. {@code mongodb://127.0.0.1:27018/agentdb}, the stand-in
 * that {@code scripts/backends.sh start mongodb} runs), else an optional container, else the test
 * class is skipped with a message, or fails under {@code CI=true}. Each test database is a fresh
 * database {@code kit_<random>} of that server, dropped after the class.
 */
final class MongoTestSupport implements BeforeAllCallback, AfterAllCallback {
    private final String backend;
    private final Supplier<String> container;
    private final boolean optional;
    private final List<String> databases = new CopyOnWriteArrayList<>();

    private MongoTestSupport(String backend, Supplier<String> container, boolean optional) {
        this.backend = backend;
        this.container = container;
        this.optional = optional;
    }

    /**
     * @param backend the backend name of the variable, e.g. {@code MONGODB} for {@code AGENTDB_TEST_MONGODB_URL}
     * @return the support, without a container fallback
     */
    static MongoTestSupport of(String backend) {
        return new MongoTestSupport(backend, null, false);
    }

    /**
     * An opt-in server: skipped (never failed, also under {@code CI=true}) when the variable is unset
     * and no Docker engine answers.
     *
     * @param backend the backend name of the variable
     * @param container starts a container and returns its URL, called only when the variable is unset
     *                  and a Docker engine answers
     * @return the support
     */
    static MongoTestSupport optional(String backend, Supplier<String> container) {
        return new MongoTestSupport(backend, container, true);
    }

    /** @return the server URL (skip or CI failure when absent) */
    String baseUrl() {
        return TestBackends.url(backend, container);
    }

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

    @Override
    public void afterAll(ExtensionContext context) {
        if (databases.isEmpty()) {
            return;
        }
        try (MongoClient client = MongoClients.create(baseUrl())) {
            for (String db : databases) {
                client.getDatabase(db).drop();
            }
        }
        databases.clear();
    }

    /** @return the URL of a new, empty database on the server (MongoDB creates it on first write), dropped after the class */
    String newDatabaseUrl() {
        String db = "kit_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        databases.add(db);
        return withDatabase(baseUrl(), db);
    }

    /**
     * @param url a server URL with a database
     * @param database another database
     * @return the URL naming that database instead
     */
    static String withDatabase(String url, String database) {
        int q = url.indexOf('?');
        String head = q < 0 ? url : url.substring(0, q);
        String query = q < 0 ? "" : url.substring(q);
        int slash = head.indexOf('/', head.indexOf("//") + 2);
        return (slash < 0 ? head + "/" : head.substring(0, slash + 1)) + database + query;
    }
}
