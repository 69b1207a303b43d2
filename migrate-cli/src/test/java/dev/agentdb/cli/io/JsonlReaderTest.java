package dev.agentdb.cli.io;

import dev.agentdb.Limits;
import dev.agentdb.VectorRecord;
import dev.agentdb.cli.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
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

    private DatasetFormatException errorAtFirstRecord(String badLine) throws IOException {
        Path f = TestFiles.lines(dir.resolve("first.jsonl"), List.of(badLine));
        try (RecordReader in = new JsonlReader(f, ReaderOptions.DEFAULT)) {
            in.next();
        } catch (DatasetFormatException e) {
            return e;
        }
        throw new AssertionError("no error for the first line");
    }

    @Test
    void should_name_the_line_of_json_nested_deeper_than_the_parser_accepts() throws IOException {
        String deep = "{\"vector\":[1,2],\"metadata\":" + "{\"a\":".repeat(1_500) + "1" + "}".repeat(1_501);

        DatasetFormatException e = errorAtSecondRecord(deep);

        assertThat(e.getMessage()).startsWith(dir.resolve("in.jsonl") + ": line 3: malformed JSON").contains("nesting depth");
    }

    @Test
    void should_name_the_line_of_a_line_longer_than_the_limit() throws IOException {
        String huge = "{\"vector\":[1,2],\"text\":\"" + "x".repeat(30_000_000) + "\"}";

        DatasetFormatException e = errorAtSecondRecord(huge);

        assertThat(e.getMessage()).startsWith(dir.resolve("in.jsonl") + ": line 3: longer than " + JsonlReader.MAX_LINE_CHARS);
    }

    @Test
    void should_name_the_line_of_a_vector_above_the_dimension_limit() throws IOException {
        String wide = "{\"vector\":[" + "0.5,".repeat(19_999) + "0.5]}";

        DatasetFormatException e = errorAtFirstRecord(wide);

        assertThat(e.getMessage()).startsWith(dir.resolve("first.jsonl") + ": line 1: \"vector\" has dimension 20000, above the limit "
                + Limits.MAX_DIMENSION);
    }

    @Test
    void should_keep_integers_beyond_long_in_metadata() throws IOException {
        Path f = TestFiles.lines(dir.resolve("big.jsonl"), List.of("{\"vector\":[1,2],\"metadata\":{\"big\":123456789012345678901234567890}}"));
        try (RecordReader in = new JsonlReader(f, ReaderOptions.DEFAULT)) {
            assertThat(in.next().metadata()).containsEntry("big", new BigInteger("123456789012345678901234567890"));
        }
    }

    @Test
    void should_read_crlf_lines_and_a_last_line_without_a_line_break() throws IOException {
        Path f = dir.resolve("crlf.jsonl");
        Files.writeString(f, "{\"id\":\"a\",\"vector\":[1,2]}\r\n{\"id\":\"b\",\"vector\":[3,4]}");
        try (RecordReader in = new JsonlReader(f, ReaderOptions.DEFAULT)) {
            assertThat(in.next().id()).isEqualTo("a");
            assertThat(in.next().id()).isEqualTo("b");
            assertThat(in.next()).isNull();
        }
    }
}
