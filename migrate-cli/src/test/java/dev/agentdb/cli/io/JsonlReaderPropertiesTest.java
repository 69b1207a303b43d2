package dev.agentdb.cli.io;

import dev.agentdb.cli.testing.JsonlCorpus;
import dev.agentdb.cli.testing.TestFiles;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every generated JSON Lines file (issue 9, finding 4) is read to its end, or stops with a
 * {@link DatasetFormatException} naming the file and a line of it; never another exception (no
 * {@code NullPointerException}, no {@code StackOverflowError}, no {@code OutOfMemoryError}).
 */
class JsonlReaderPropertiesTest {
    private static Path dir;

    @BeforeContainer
    static void directory() throws IOException {
        dir = Files.createTempDirectory("jsonl-corpus");
    }

    @AfterContainer
    static void cleanUp() throws IOException {
        TestFiles.deleteTree(dir);
    }

    /**
     * @param generated a generated file
     * @throws IOException when the file cannot be written
     */
    @Property(tries = 1_500)
    void reads_every_record_or_names_the_file_and_line_of_the_first_malformed_one(
            @ForAll(supplier = JsonlCorpus.Files.class) JsonlCorpus.File generated) throws IOException {
        Path file = generated.write(dir.resolve("in.jsonl"));
        int records = 0;
        try (RecordReader in = new JsonlReader(file, ReaderOptions.DEFAULT)) {
            while (in.next() != null) {
                records++;
            }
            assertThat(records).isEqualTo(generated.lines().size());
        } catch (DatasetFormatException e) {
            assertThat(e.getMessage()).startsWith(file + ": line ");
            assertThat(JsonlCorpus.lineNamed(e.getMessage())).as("the line named").isEqualTo(records + 1)
                    .isLessThanOrEqualTo(generated.lines().size());
        }
    }
}
