package dev.agentdb.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentdb.AgentDB;
import dev.agentdb.IndexParams;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;
import dev.agentdb.cli.testing.Cli;
import dev.agentdb.internal.Json;
import dev.agentdb.sqlite.SqliteAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bar of the foundation issue, on the whole of Fashion-MNIST (60,000 x 784) with the default
 * index parameters: recall@10 of at least 0.95, and a reopened database answers its first query
 * from the persisted graph, without rebuilding it. Skipped with a message when the data set is not
 * installed, except under {@code CI=true}.
 */
class FashionMnistBarIT {
    @TempDir
    Path dir;

    @Test
    void should_reach_recall_at_10_of_095_with_defaults_and_answer_after_reopen_without_rebuilding() throws Exception {
        Cli.assumeFashionMnist();
        String db = Cli.databaseUrl(dir);
        Cli.Result bench = Cli.run("bench", "--db", db, "--dataset", "fashion-mnist", "--queries", "1000",
                "--ef", String.valueOf(IndexParams.DEFAULT_EF_SEARCH), "--warmup", "0", "--exact-queries", "0", "--json");
        assertThat(bench.exitCode()).as(bench.toString()).isZero();
        JsonNode report = Json.mapper().readTree(bench.out());
        assertThat(report.get("baseCount").asInt()).isEqualTo(60_000);
        assertThat(report.get("runs").get(0).get("recall").asDouble()).isGreaterThanOrEqualTo(0.95);

        try (AgentDB reopened = AgentDB.open(db)) {
            VectorCollection images = reopened.collection("fashion_mnist");
            float[] query = images.get("9").orElseThrow().embedding();
            List<SearchResult> hits = images.search(query, 10);
            SqliteAdapter adapter = (SqliteAdapter) reopened.adapter();
            assertThat(hits).hasSize(10);
            assertThat(hits.get(0).id()).isEqualTo("9");
            assertThat(adapter.indexLoads()).isEqualTo(1);
            assertThat(adapter.indexRebuilds()).isZero();
            assertThat(images.stats().indexedCount()).isEqualTo(60_000);
        }
    }
}
