package dev.agentdb.cli.io;

import dev.agentdb.VectorRecord;
import dev.agentdb.cli.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonlReaderTest {
    @TempDir
    Path dir;

    private DatasetFormatException errorAtSecondRecord(String badLine) throws IOException {
        Path f = TestFiles.lines(dir.resolve("in.jsonl"), List.of("{\"id\":\"a\",\"vector\":[1,2]}", "", badLine));
        try (RecordReader in = new JsonlReader(f, ReaderOptions.DEFAULT)) {
            in.next();
            try {
                in.next();
            } catch (DatasetFormatException e) {
                return e;
            }
        }
        throw new AssertionError("no error for " + badLine);
    }

    @Test
    void should_read_ids_vectors_metadata_and_skip_blank_lines() throws IOException {
        Path f = TestFiles.lines(dir.resolve("docs.jsonl"), List.of(
                "{\"id\":\"a\",\"vector\":[0.5,1],\"metadata\":{\"tag\":\"x\",\"n\":3}}",
                "   ",
                "{\"vector\":[2,3],\"text\":\"hello\",\"timestamp\":1700000000000}",
                "{\"id\":42,\"embedding\":[4,5]}"));
        try (RecordReader in = DatasetFormat.guess(f).open(f, ReaderOptions.DEFAULT)) {
            VectorRecord a = in.next();
            assertThat(a.id()).isEqualTo("a");
            assertThat(a.embedding()).containsExactly(0.5f, 1f);
            assertThat(a.metadata()).isEqualTo(Map.of("tag", "x", "n", 3L));
            VectorRecord b = in.next();
            assertThat(b.id()).isNull();
            assertThat(b.text()).isEqualTo("hello");
            assertThat(b.timestamp()).isEqualTo(1_700_000_000_000L);
            assertThat(in.position()).isEqualTo("line 3");
            VectorRecord c = in.next();
            assertThat(c.id()).isEqualTo("42");
            assertThat(in.next()).isNull();
        }
    }

    @Test
    void should_name_the_line_of_malformed_json() throws IOException {
        assertThat(errorAtSecondRecord("{\"id\":\"b\",\"vector\":[1,2}").getMessage())
                .startsWith(dir.resolve("in.jsonl") + ": line 3: malformed JSON at column");
    }

    @Test
    void should_name_the_line_and_component_of_a_non_numeric_vector() throws IOException {
        assertThat(errorAtSecondRecord("{\"id\":\"b\",\"vector\":[1,\"two\"]}").getMessage())
                .endsWith("in.jsonl: line 3: \"vector\"[1] is not a number: \"two\"");
    }

    @Test
    void should_name_the_line_of_a_dimension_change() throws IOException {
        assertThat(errorAtSecondRecord("{\"vector\":[1,2,3]}").getMessage())
                .endsWith("line 3: \"vector\" has dimension 3 but earlier lines have 2");
    }

    @Test
    void should_name_the_line_of_missing_vectors_unknown_fields_and_bad_metadata() throws IOException {
        assertThat(errorAtSecondRecord("{\"id\":\"b\"}").getMessage()).endsWith("line 3: missing \"vector\" (an array of numbers)");
        assertThat(errorAtSecondRecord("{\"vectr\":[1,2]}").getMessage()).contains("line 3: unknown field 'vectr'");
        assertThat(errorAtSecondRecord("{\"vector\":[1,2],\"metadata\":[1]}").getMessage()).endsWith("line 3: \"metadata\" must be a JSON object");
        assertThat(errorAtSecondRecord("[1,2]").getMessage()).contains("line 3: expected a JSON object");
        assertThat(errorAtSecondRecord("{\"vector\":[1,1e300]}").getMessage()).contains("line 3: \"vector\"[1] = 1.0E300 does not fit a finite float32");
    }
}
