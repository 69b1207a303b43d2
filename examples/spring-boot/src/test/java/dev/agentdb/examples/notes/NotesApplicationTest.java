package dev.agentdb.examples.notes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The example on an SQLite file: notes stored over HTTP are found by meaning, and survive a restart. */
class NotesApplicationTest {
    @TempDir
    Path dir;

    @Test
    void should_store_notes_and_find_them_by_meaning_on_sqlite() throws Exception {
        String url = "sqlite:" + dir.resolve("notes.db");
        try (NotesService service = NotesService.start(url)) {
            NotesScenario.run(service);
        }
        try (NotesService again = NotesService.start(url)) {
            assertThat(again.get("/notes/search?k=10&q=pasta", 200)).as("kept across a restart").hasSize(4);
        }
    }
}
