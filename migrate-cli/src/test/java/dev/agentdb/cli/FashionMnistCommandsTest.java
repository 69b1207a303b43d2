package dev.agentdb.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentdb.cli.testing.Cli;
import dev.agentdb.internal.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bench} and {@code demo} on a 2,000-image slice of Fashion-MNIST (skipped with a message
 * when the data set is not installed, except under {@code CI=true}).
 */
class FashionMnistCommandsTest {
    private static final String LIMIT = "2000";

    @TempDir
    Path dir;

    @Test
    void should_run_the_demo_with_and_without_a_filter_and_reuse_the_import_on_a_second_run() {
        Cli.assumeFashionMnist();
        String db = Cli.databaseUrl(dir);
        Cli.Result first = Cli.run("demo", "--db", db, "--limit", LIMIT, "--queries", "20");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("imported 2,000 images")
                .contains("nearest neighbours of test image #9 (a Sneaker)")
                .contains("{\"class\":{\"$in\":[\"Sandal\",\"Ankle boot\"]}}")
                .containsPattern("recall@10 = [01]\\.\\d{4}");
        String filtered = first.out().substring(first.out().indexOf("[3/4]"), first.out().indexOf("[4/4]"));
        long resultRows = filtered.lines().filter(l -> l.matches("\\s+\\d+\\s+\\d+\\s+.*")).count();
        assertThat(resultRows).isEqualTo(5);
        assertThat(filtered.lines().filter(l -> l.matches("\\s+\\d+\\s+\\d+\\s+.*")))
                .allMatch(l -> l.contains("Sandal") || l.contains("Ankle boot"));

        Cli.Result second = Cli.run("demo", "--db", db, "--limit", LIMIT, "--queries", "20");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).contains("already there: reusing the 2,000 images").contains("(exact neighbours loaded from");
    }

    @Test
    void should_benchmark_report_json_cache_the_ground_truth_and_skip_the_import_when_present() throws IOException {
        Cli.assumeFashionMnist();
        String db = Cli.databaseUrl(dir);
        Path gt = dir.resolve("gt.bin");
        String[] args = {"bench", "--db", db, "--dataset", "fashion-mnist", "--limit", LIMIT, "--queries", "20", "--ef", "16,64",
            "--warmup", "5", "--exact-queries", "2", "--gt-cache", gt.toString(), "--json"};
        Cli.Result first = Cli.run(args);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        JsonNode report = Json.mapper().readTree(first.out());
        assertThat(report.get("baseCount").asInt()).isEqualTo(2000);
        assertThat(report.get("build").get("imported").asLong()).isEqualTo(2000);
        assertThat(report.get("build").get("vectorsPerSecond").asDouble()).isPositive();
        assertThat(report.get("groundTruth").get("cached").asBoolean()).isFalse();
        assertThat(report.get("runs")).hasSize(2);
        for (JsonNode run : report.get("runs")) {
            assertThat(run.get("recall").asDouble()).isBetween(0.0, 1.0);
            assertThat(run.get("queries").asInt()).isEqualTo(20);
            assertThat(run.get("qps").asDouble()).isPositive();
            assertThat(run.get("p99Ms").asDouble()).isGreaterThanOrEqualTo(run.get("p50Ms").asDouble());
        }
        assertThat(report.get("runs").get(1).get("efSearch").asInt()).isEqualTo(64);
        assertThat(report.get("exact").get("recall").asDouble()).isEqualTo(1.0);
        assertThat(report.get("reopen").get("sameResultsAsBeforeClose").asBoolean()).isTrue();
        assertThat(gt).isRegularFile();

        Cli.Result second = Cli.run(args);
        assertThat(second.exitCode()).as(second.toString()).isZero();
        JsonNode again = Json.mapper().readTree(second.out());
        assertThat(again.get("build").get("reused").asBoolean()).isTrue();
        assertThat(again.get("build").get("imported").asLong()).isZero();
        assertThat(again.get("groundTruth").get("cached").asBoolean()).isTrue();

        Cli.Result text = Cli.run("bench", "--db", db, "--limit", LIMIT, "--queries", "20", "--ef", "32", "--warmup", "0",
                "--exact-queries", "0", "--gt-cache", dir.resolve("gt2.bin").toString());
        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out()).contains("build: skipped, collection 'fashion_mnist' already holds the 2,000 vectors")
                .contains("efSearch").contains("recall@10").contains("QPS").contains("p50 ms").contains("p99 ms")
                .contains("reopen: open");
    }

    @Test
    void should_never_print_the_password_of_the_database_url() {
        Cli.assumeFashionMnist();
        String url = "postgresql://agent:s3cr3t-pw@127.0.0.1:1/nowhere";
        Cli.Result bench = Cli.run("bench", "--db", url, "--limit", "10", "--queries", "5", "--json");
        Cli.Result benchText = Cli.run("bench", "--db", url, "--limit", "10", "--queries", "5");
        Cli.Result demo = Cli.run("demo", "--db", url, "--limit", "10", "--queries", "5");
        for (Cli.Result r : java.util.List.of(bench, benchText, demo)) {
            assertThat(r.exitCode()).as(r.toString()).isNotZero(); // nothing listens on port 1
            assertThat(r.out() + r.err()).as(r.toString()).doesNotContain("s3cr3t-pw");
        }
        assertThat(benchText.out()).contains("database: postgresql://agent:***@127.0.0.1:1/nowhere");
    }

    @Test
    void should_resume_an_interrupted_import_where_it_stopped() {
        Cli.assumeFashionMnist();
        String db = Cli.databaseUrl(dir);
        Cli.Result part = Cli.run("import", "--db", db, "--collection", "fashion_mnist", "--format", "idx", "--metric", "l2",
                "--labels", Cli.FASHION_MNIST.resolve("train-labels-idx1-ubyte.gz").toString(), "--limit", "600",
                Cli.FASHION_MNIST.resolve("train-images-idx3-ubyte.gz").toString());
        assertThat(part.exitCode()).as(part.toString()).isZero();
        Cli.Result demo = Cli.run("demo", "--db", db, "--limit", "1000", "--queries", "10");
        assertThat(demo.exitCode()).as(demo.toString()).isZero();
        assertThat(demo.out()).contains("imported 400 images").contains("resuming after 600");
    }

    @Test
    void should_exit_1_naming_the_package_when_the_data_set_is_absent() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        String db = Cli.databaseUrl(dir);
        for (String command : new String[] {"bench", "demo"}) {
            Cli.Result r = Cli.run(Stream.of(command, "--db", db, "--data", empty.toString()).toArray(String[]::new));
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).contains("Fashion-MNIST not found").contains("apt-get install dataset-fashion-mnist")
                    .contains("train-images-idx3-ubyte");
        }
    }
}
