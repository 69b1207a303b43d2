package dev.agentdb.examples.notes;

import dev.agentdb.compat.FreshDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The same example, unchanged, on the MariaDB 11.8 of the test servers (native VECTOR INDEX), a fresh database
 * from the kit's {@link FreshDatabase} ({@code AGENTDB_TEST_MARIADB11_URL}; skipped without it, failing
 * under {@code CI=true}), selected by the one property {@code agentdb.url}.
 */
class NotesApplicationMariadbIT {
    @RegisterExtension
    static final FreshDatabase SERVER = FreshDatabase.of("MARIADB11");

    @Test
    void should_store_notes_and_find_them_by_meaning_on_mariadb() throws Exception {
        try (NotesService service = NotesService.start(SERVER.url())) {
            NotesScenario.run(service);
        }
    }
}
