package dev.agentdb.examples.notes;

import dev.agentdb.compat.FreshDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The same example, unchanged, on the PostgreSQL of the test servers by one property (a fresh schema
 * from the kit's {@link FreshDatabase}: {@code AGENTDB_TEST_POSTGRES_URL}; skipped without it, failing
 * under {@code CI=true}).
 */
class NotesApplicationPostgresIT {
    @RegisterExtension
    static final FreshDatabase POSTGRES = FreshDatabase.of("POSTGRES");

    @Test
    void should_store_notes_and_find_them_by_meaning_on_postgresql() throws Exception {
        try (NotesService service = NotesService.start(POSTGRES.url())) {
            NotesScenario.run(service);
        }
    }
}
