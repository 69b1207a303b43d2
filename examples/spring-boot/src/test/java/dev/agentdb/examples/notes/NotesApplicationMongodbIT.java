package dev.agentdb.examples.notes;

import dev.agentdb.compat.FreshDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The same example, unchanged, on the MongoDB stand-in (mongo-java-server) of the test servers, a fresh database
 * from the kit's {@link FreshDatabase} ({@code AGENTDB_TEST_MONGODB_URL}; skipped without it, failing
 * under {@code CI=true}), selected by the one property {@code agentdb.url}.
 */
class NotesApplicationMongodbIT {
    @RegisterExtension
    static final FreshDatabase SERVER = FreshDatabase.of("MONGODB");

    @Test
    void should_store_notes_and_find_them_by_meaning_on_mongodb() throws Exception {
        try (NotesService service = NotesService.start(SERVER.url())) {
            NotesScenario.run(service);
        }
    }
}
