package dev.agentdb.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentdb.AgentDB;
import dev.agentdb.Limits;
import dev.agentdb.cli.testing.Cli;
import dev.agentdb.cli.testing.TestFiles;
import dev.agentdb.internal.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ImportCommandTest {
    @TempDir
    Path dir;
    String db;

    @BeforeEach
    void database() {
        db = Cli.databaseUrl(dir);
    }

    private Path jsonl(int lines) throws IOException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            String tag = i % 2 == 0 ? "even" : "odd";
            out.add("{\"id\":\"r" + i + "\",\"vector\":[" + (i + 1) + ",1,0],\"metadata\":{\"tag\":\"" + tag + "\",\"i\":" + i + "}}");
        }
        return TestFiles.lines(dir.resolve("docs.jsonl"), out);
    }

    private long count(String collection) {
        try (AgentDB d = AgentDB.open(db)) {
            return d.hasCollection(collection) ? d.collection(collection).count() : -1;
        }
    }

    @Test
    void should_import_jsonl_creating_the_collection_then_search_and_show_stats() throws IOException {
        Path f = jsonl(25);
        Cli.Result r = Cli.run("import", "--db", db, "--collection", "docs", "--format", "jsonl", "--metric", "l2",
                "--batch-size", "10", f.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Imported 25 record(s)").contains("into 'docs' (dimension 3, new collection)");
        assertThat(count("docs")).isEqualTo(25);

        Cli.Result s = Cli.run("search", "--db", db, "--collection", "docs", "--vector", "3,1,0", "--k", "3",
                "--filter", "{\"tag\":\"odd\"}");
        assertThat(s.exitCode()).as(s.toString()).isZero();
        String[] lines = s.out().split("\n");
        assertThat(lines[0]).contains("rank").contains("id").contains("score").contains("distance").contains("metadata");
        assertThat(lines[2]).contains("r1").contains("1.0000").contains("{\"tag\":\"odd\",\"i\":1}");
        assertThat(lines).hasSize(5);

        Cli.Result js = Cli.run("search", "--db", db, "--collection", "docs", "--vector", "3,1,0", "--k", "2", "--json");
        assertThat(js.exitCode()).as(js.toString()).isZero();
        JsonNode arr = Json.mapper().readTree(js.out());
        assertThat(arr).hasSize(2);
        assertThat(arr.get(0).get("id").asText()).isEqualTo("r2");
        assertThat(arr.get(0).get("distance").asDouble()).isEqualTo(0.0);
        assertThat(arr.get(0).get("score").asDouble()).isEqualTo(1.0);
        assertThat(arr.get(1).get("rank").asInt()).isEqualTo(2);

        Cli.Result st = Cli.run("stats", "--db", db, "--json");
        assertThat(st.exitCode()).as(st.toString()).isZero();
        JsonNode coll = Json.mapper().readTree(st.out()).get("collections").get(0);
        assertThat(coll.get("name").asText()).isEqualTo("docs");
        assertThat(coll.get("count").asLong()).isEqualTo(25);
        assertThat(coll.get("dimension").asInt()).isEqualTo(3);
        assertThat(coll.get("metric").asText()).isEqualTo("l2");
        assertThat(coll.get("index").get("m").asInt()).isEqualTo(16);
        Cli.Result table = Cli.run("stats", "--db", db);
        assertThat(table.out()).contains("docs").contains("25").contains("hnsw(m=16, efConstruction=100, efSearch=64)");
    }

    @Test
    void should_store_the_batches_before_a_malformed_line_and_nothing_of_its_batch() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            lines.add("{\"id\":\"r" + i + "\",\"vector\":[" + i + ",1]}");
        }
        lines.set(4, "{\"id\":\"r4\",\"vector\":[4,1"); // line 5, in the third batch of two (lines 5-6)
        Path f = TestFiles.lines(dir.resolve("bad.jsonl"), lines);
        Cli.Result r = Cli.run("import", "--db", db, "--collection", "docs", "--batch-size", "2", f.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("agentdb import: error: " + f + ": line 5: malformed JSON")
                .contains("4 record(s) stored before this batch; nothing from the failing batch was stored");
        assertThat(count("docs")).isEqualTo(4);
    }

    @Test
    void should_name_the_line_of_a_record_the_database_refuses_and_store_nothing_of_its_batch() throws IOException {
        Path f = TestFiles.lines(dir.resolve("dup.jsonl"), List.of(
                "{\"id\":\"a\",\"vector\":[1,0]}",
                "{\"id\":\"b\",\"vector\":[0,1]}",
                "{\"id\":\"c\",\"vector\":[1,1]}",
                "{\"id\":\"a\",\"vector\":[2,2]}"));
        Cli.Result r = Cli.run("import", "--db", db, "--collection", "docs", "--batch-size", "3", f.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains(f + ": line 4").contains("3 record(s) stored before this batch");
        assertThat(count("docs")).isEqualTo(3);

        Path g = TestFiles.lines(dir.resolve("dup2.jsonl"), List.of(
                "{\"id\":\"x\",\"vector\":[1,0]}",
                "{\"id\":\"y\",\"vector\":[0,1]}",
                "{\"id\":\"x\",\"vector\":[1,1]}"));
        Cli.Result r2 = Cli.run("import", "--db", db, "--collection", "docs", g.toString());
        assertThat(r2.exitCode()).isEqualTo(1);
        assertThat(r2.err()).contains(g + ": line 3: id: 'x' appears more than once in the batch");
        assertThat(count("docs")).isEqualTo(3);
    }

    @Test
    void should_report_the_byte_offset_of_a_truncated_fvecs_file_and_keep_earlier_batches() throws IOException {
        float[][] v = new float[5][4];
        for (int i = 0; i < 5; i++) {
            v[i] = new float[] {i, 1, 2, 3};
        }
        Path f = TestFiles.truncate(TestFiles.fvecs(dir.resolve("base.fvecs"), v, false), 4 * 20 + 7);
        Cli.Result r = Cli.run("import", "--db", db, "--collection", "vecs", "--batch-size", "2", "--metric", "l2", f.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains(f + ": byte offset 80: truncated vector 4");
        assertThat(count("vecs")).isEqualTo(4);
    }

    @Test
    void should_import_idx_images_with_fashion_mnist_labels_and_filter_by_class() throws IOException {
        byte[][] images = new byte[6][4];
        int[] labels = {7, 5, 9, 7, 8, 5};
        for (int i = 0; i < images.length; i++) {
            images[i] = new byte[] {(byte) (i * 40), 0, 0, (byte) 200};
        }
        Path img = TestFiles.idxImages(dir.resolve("train-images-idx3-ubyte.gz"), images, 2, 2, true);
        Path lab = TestFiles.idxLabels(dir.resolve("train-labels-idx1-ubyte.gz"), labels, true);
        Cli.Result r = Cli.run("import", "--db", db, "--collection", "fm", "--format", "idx", "--metric", "l2",
                "--labels", lab.toString(), "--limit", "5", img.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(count("fm")).isEqualTo(5);

        Cli.Result s = Cli.run("search", "--db", db, "--collection", "fm", "--query-file", img.toString(), "--query-index", "0",
                "--k", "10", "--json", "--filter", "{\"class\":{\"$in\":[\"Sandal\",\"Ankle boot\"]}}");
        assertThat(s.exitCode()).as(s.toString()).isZero();
        JsonNode arr = Json.mapper().readTree(s.out());
        assertThat(arr).hasSize(2);
        assertThat(arr.get(0).get("id").asText()).isEqualTo("1");
        assertThat(arr.get(0).get("metadata").get("class").asText()).isEqualTo("Sandal");
        assertThat(arr.get(1).get("metadata").get("label").asInt()).isEqualTo(9);
    }

    /** Malformed second lines and what the error must say after naming the file and line 2. */
    static Stream<Arguments> malformedLines() {
        return Stream.of(
                Arguments.of("nested 1,500 deep", "{\"vector\":[1,2],\"metadata\":" + "{\"a\":".repeat(1_500) + "1"
                        + "}".repeat(1_501), "malformed JSON"),
                Arguments.of("a 30 MB string", "{\"vector\":[1,2],\"text\":\"" + "x".repeat(30_000_000) + "\"}", "longer than"),
                Arguments.of("metadata deeper than the limit", "{\"vector\":[1,2],\"metadata\":" + "{\"a\":".repeat(Limits.MAX_METADATA_DEPTH + 1)
                        + "1" + "}".repeat(Limits.MAX_METADATA_DEPTH + 2), "nested deeper than the limit of " + Limits.MAX_METADATA_DEPTH),
                Arguments.of("an unpaired surrogate in the id", "{\"id\":\"\\ud800x\",\"vector\":[1,2]}", "id: holds an unpaired surrogate"),
                Arguments.of("NUL in metadata", "{\"vector\":[1,2],\"metadata\":{\"k\":\"a\\u0000\"}}", "metadata.k: must not contain the NUL"),
                Arguments.of("a number beyond float32", "{\"vector\":[1,1e999]}", "does not fit a finite float32"),
                Arguments.of("a 20,000-dimension vector", "{\"vector\":[" + "1,".repeat(19_999) + "1]}", "dimension 20000, above the limit"));
    }

    /**
     * Every malformed line is reported with the file and the line, never an internal error, and the
     * records before it stay stored.
     *
     * @param what the kind of malformed line
     * @param line the line
     * @param problem what the message says about it
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedLines")
    void should_name_file_and_line_of_every_malformed_input_and_keep_the_records_before_it(String what, String line, String problem)
            throws IOException {
        Path f = TestFiles.lines(dir.resolve("bad.jsonl"), List.of("{\"id\":\"ok\",\"vector\":[1,2]}", line));

        Cli.Result r = Cli.run("import", "--db", db, "--collection", "docs", "--batch-size", "1", f.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).as(what).contains("agentdb import: error: " + f + ": line 2: ").contains(problem)
                .doesNotContain("internal error").doesNotContain("Exception");
        assertThat(count("docs")).isEqualTo(1);
    }

    @Test
    void should_name_file_and_line_of_a_first_record_above_the_dimension_limit_and_create_nothing() throws IOException {
        Path f = TestFiles.lines(dir.resolve("wide.jsonl"), List.of("{\"vector\":[" + "1,".repeat(19_999) + "1]}"));

        Cli.Result r = Cli.run("import", "--db", db, "--collection", "docs", f.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains(f + ": line 1: \"vector\" has dimension 20000, above the limit " + Limits.MAX_DIMENSION);
        assertThat(count("docs")).isEqualTo(-1);
    }

    @Test
    void should_store_integers_beyond_long_in_metadata_exactly() throws IOException {
        Path f = TestFiles.lines(dir.resolve("big.jsonl"), List.of("{\"id\":\"a\",\"vector\":[1,2],\"metadata\":{\"n\":123456789012345678901234567890}}"));

        Cli.Result r = Cli.run("import", "--db", db, "--collection", "docs", f.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        try (AgentDB d = AgentDB.open(db)) {
            assertThat(d.collection("docs").get("a").orElseThrow().metadata())
                    .containsEntry("n", new java.math.BigInteger("123456789012345678901234567890"));
        }
    }

    @Test
    void should_refuse_records_whose_dimension_differs_from_the_collection() throws IOException {
        Path a = TestFiles.lines(dir.resolve("a.jsonl"), List.of("{\"vector\":[1,2]}"));
        Path b = TestFiles.lines(dir.resolve("b.jsonl"), List.of("{\"vector\":[1,2,3]}"));
        assertThat(Cli.run("import", "--db", db, "--collection", "docs", a.toString()).exitCode()).isZero();
        Cli.Result r = Cli.run("import", "--db", db, "--collection", "docs", b.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains(b + ": line 1: records have dimension 3 but collection 'docs' has dimension 2");
    }

    @Test
    void should_exit_2_on_bad_arguments() throws IOException {
        Path f = jsonl(2);
        Cli.Result missingDb = Cli.run("import", "--collection", "docs", f.toString());
        assertThat(missingDb.exitCode()).isEqualTo(2);
        assertThat(missingDb.err()).contains("Missing required option: '--db=URL'").contains("Try 'agentdb import --help'");

        Cli.Result badMetric = Cli.run("import", "--db", db, "--collection", "docs", "--metric", "manhattan", f.toString());
        assertThat(badMetric.exitCode()).isEqualTo(2);
        assertThat(badMetric.err()).contains("unknown metric 'manhattan'");

        Cli.Result noFile = Cli.run("import", "--db", db, "--collection", "docs", dir.resolve("nope.jsonl").toString());
        assertThat(noFile.exitCode()).isEqualTo(2);
        assertThat(noFile.err()).contains("nope.jsonl: no such file");

        Cli.Result noFormat = Cli.run("import", "--db", db, "--collection", "docs", TestFiles.lines(dir.resolve("x.txt"), List.of()).toString());
        assertThat(noFormat.exitCode()).isEqualTo(2);
        assertThat(noFormat.err()).contains("give --format fvecs, idx or jsonl");

        Cli.Result badUrl = Cli.run("stats", "--db", "no-scheme-here");
        assertThat(badUrl.exitCode()).as(badUrl.toString()).isEqualTo(2);

        Cli.Result badFilter = Cli.run("search", "--db", db, "--collection", "docs", "--vector", "1,2", "--filter", "{\"a\":{\"$near\":1}}");
        assertThat(badFilter.exitCode()).isEqualTo(2);
        assertThat(badFilter.err()).contains("--filter");

        Cli.Result both = Cli.run("search", "--db", db, "--collection", "docs", "--vector", "1,2", "--query-file", f.toString());
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
    }

    @Test
    void should_refuse_existing_ids_unless_upsert_and_import_nothing_from_an_empty_file() throws IOException {
        Path f = jsonl(3);
        assertThat(Cli.run("import", "--db", db, "--collection", "docs", f.toString()).exitCode()).isZero();
        Cli.Result again = Cli.run("import", "--db", db, "--collection", "docs", f.toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains(f + ": line 1 to line 3").contains("(nothing was stored)");
        Cli.Result upsert = Cli.run("import", "--db", db, "--collection", "docs", "--upsert", f.toString());
        assertThat(upsert.exitCode()).as(upsert.toString()).isZero();
        assertThat(count("docs")).isEqualTo(3);

        Path empty = TestFiles.lines(dir.resolve("empty.jsonl"), List.of(""));
        Cli.Result none = Cli.run("import", "--db", db, "--collection", "other", empty.toString());
        assertThat(none.exitCode()).isZero();
        assertThat(none.out()).contains("Nothing imported");
        assertThat(count("other")).isEqualTo(-1);
    }

    @Test
    void should_exit_1_when_the_collection_does_not_exist() {
        AgentDB.open(db).close(); // the database exists (search never creates one: a missing file is exit 2, ReadOnlyCommandsTest)
        Cli.Result r = Cli.run("search", "--db", db, "--collection", "ghost", "--vector", "1,2");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("agentdb search: error: collection 'ghost' does not exist");
    }

    @Test
    void should_print_help_with_exit_codes_and_the_version() {
        Cli.Result help = Cli.run("import", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Exit codes:").contains("0   success").contains("1   runtime error")
                .contains("2   invalid command line").contains("--batch-size=N");
        Cli.Result version = Cli.run("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("agentdb 0.1.0");
    }
}
