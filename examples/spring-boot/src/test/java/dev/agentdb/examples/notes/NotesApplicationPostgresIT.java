package dev.agentdb.examples.notes;

import dev.agentdb.AgentDB;
import dev.agentdb.compat.TestBackends;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.UUID;

/**
 * The same example, unchanged, on the PostgreSQL of the test servers by one property
 * ({@code AGENTDB_TEST_POSTGRES_URL}; skipped without it, failing under {@code CI=true}).
 */
class NotesApplicationPostgresIT {
    private static final String SCHEMA = "notes_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    private static String server;

    @BeforeAll
    static void server() {
        server = TestBackends.url("POSTGRES");
    }

    @AfterAll
    static void dropSchema() {
        if (server != null) {
            try (AgentDB db = AgentDB.open(server)) {
                db.executeRaw("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            }
        }
    }

    @Test
    void should_store_notes_and_find_them_by_meaning_on_postgresql() throws Exception {
        try (NotesService service = NotesService.start(server + (server.contains("?") ? "&" : "?") + "schema=" + SCHEMA)) {
            NotesScenario.run(service);
        }
    }
}
