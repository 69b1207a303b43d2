package dev.agentdb.d1;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.compat.ServerDatabases;
import dev.agentdb.d1.internal.D1Client;
import dev.agentdb.d1.internal.D1Url;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The D1 emulator (or D1 itself) of the integration tests ({@link ServerDatabases}: {@code AGENTDB_TEST_D1_URL},
 * e.g. {@code d1://ACCOUNT/DATABASE?endpoint=http://127.0.0.1:18787} with {@code CLOUDFLARE_API_TOKEN}, which
 * {@code scripts/backends.sh start d1} and {@code env d1} give; the class is skipped without it, and fails under
 * {@code CI=true}). Each test database is created through the API ({@code POST .../d1/database}, whose id is
 * a UUID the API chooses) and deleted after each test (the emulator holds a pool of 32) and after the class.
 */
final class D1TestSupport extends ServerDatabases implements AfterEachCallback {
    private final List<String> created = new CopyOnWriteArrayList<>();
    private final int shards;

    private D1TestSupport(int shards) {
        super("D1", null, false);
        this.shards = shards;
    }

    /** @return the support of {@code AGENTDB_TEST_D1_URL}: one database per test */
    static D1TestSupport create() {
        return new D1TestSupport(1);
    }

    /**
     * @param shards databases per test, 1 or more
     * @return the support of {@code AGENTDB_TEST_D1_URL} whose test URLs list that many databases
     *         ({@code d1://ACCOUNT/DB1,DB2,DB3}: one sharded database)
     */
    static D1TestSupport sharded(int shards) {
        return new D1TestSupport(shards);
    }

    private D1Client client() {
        return new D1Client(D1Url.parse(AgentDBConfig.builder(baseUrl()).build(), System.getenv()), 5_000, 30_000, 3);
    }

    /** @return the URL of the databases created for this test (one, or the shards), deleted after it */
    @Override
    public String newDatabaseUrl() {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < shards; i++) {
            ids.add(createDatabase());
        }
        return withDatabase(baseUrl(), String.join(",", ids));
    }

    private String createDatabase() {
        String name = "kit_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try {
            JsonNode result = client().manage("POST", "", "{\"name\":\"" + name + "\"}");
            String id = result.path("uuid").asText();
            if (id.isEmpty()) {
                throw new IllegalStateException("the API returned no uuid for database " + name + ": " + result);
            }
            created.add(id);
            return id;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected void create(String database) {
        // newDatabaseUrl creates through the API, which chooses the id
    }

    /**
     * Deletes the databases the test created (its handles are closed by then: the fixture's {@code @AfterEach} runs first).
     *
     * @param context the test's context
     * @throws Exception when the API refuses
     */
    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        afterAll(context);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        List<String> all = List.copyOf(created);
        created.clear();
        drop(all);
    }

    @Override
    protected void drop(List<String> databases) throws Exception {
        D1Client client = client();
        for (String id : databases) {
            client.manage("DELETE", "/" + id, null);
        }
    }

    /** @return the environment, for tests that parse URLs */
    static Map<String, String> environment() {
        return System.getenv();
    }
}
