package dev.agentdb.cli;

import dev.agentdb.AgentDB;
import dev.agentdb.cli.testing.Cli;
import dev.agentdb.cli.testing.JsonlCorpus;
import dev.agentdb.cli.testing.TestFiles;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code agentdb import} of generated JSON Lines files (issue 9, finding 4), one record per batch,
 * each into a new collection of one SQLite file: it imports every line (exit 0), or stops with exit 1
 * and a message naming the file and a line, after storing exactly the records of the lines before
 * it; never an internal error.
 */
class ImportCorpusPropertiesTest {
    private static final AtomicInteger COLLECTIONS = new AtomicInteger();
    private static Path dir;

    @BeforeContainer
    static void directory() throws IOException {
        dir = Files.createTempDirectory("import-corpus");
    }

    @AfterContainer
    static void cleanUp() throws IOException {
        TestFiles.deleteTree(dir);
    }

    /**
     * @param generated a generated file
     * @throws IOException when the file cannot be written
     */
    @Property(tries = 150)
    void imports_every_line_or_names_file_and_line_after_storing_the_lines_before(
            @ForAll(supplier = JsonlCorpus.Files.class) JsonlCorpus.File generated) throws IOException {
        Path file = generated.write(dir.resolve("in.jsonl"));
        String db = "sqlite:" + dir.resolve("corpus.db");
        String collection = "c" + COLLECTIONS.incrementAndGet();

        Cli.Result r = Cli.run("import", "--db", db, "--collection", collection, "--batch-size", "1", file.toString());

        assertThat(r.err()).as(r.toString()).doesNotContain("internal error");
        long stored;
        try (AgentDB d = AgentDB.open(db)) {
            stored = d.hasCollection(collection) ? d.collection(collection).count() : 0;
        }
        if (r.exitCode() == 0) {
            assertThat(stored).as(r.toString()).isEqualTo(generated.lines().size());
            return;
        }
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).as(r.toString()).startsWith("agentdb import: error: " + file + ": line ");
        assertThat(stored).as("records stored before the line named: %s", r).isEqualTo(JsonlCorpus.lineNamed(r.err()) - 1L);
    }
}
