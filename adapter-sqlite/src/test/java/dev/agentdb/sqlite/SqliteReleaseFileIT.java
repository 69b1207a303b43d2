package dev.agentdb.sqlite;

import dev.agentdb.AgentDB;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;
import dev.agentdb.spi.StateStore;
import dev.agentdb.sqlite.fixtures.ReleaseFileFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A file written by the 0.1.0 release (SQLite layout 1, made by {@link ReleaseFileFixture} at
 * commit 172b37a and committed as {@code fixtures/agentdb-0.1.0-layout1.db}) opens with this
 * library, is upgraded to the current layout keeping every row and every graph node, and its graph
 * loads without a rebuild.
 */
class SqliteReleaseFileIT {
    @TempDir
    Path dir;
    private Path file;

    @BeforeEach
    void copyFixture() throws Exception {
        file = dir.resolve("release.db");
        try (InputStream in = getClass().getResourceAsStream("/fixtures/agentdb-0.1.0-layout1.db")) {
            Files.copy(in, file);
        }
    }

    private long scalar(String sql) throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
             java.sql.Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void should_read_every_row_of_a_release_file_and_load_its_graph_without_rebuilding() throws Exception {
        assertThat(scalar("SELECT max(version) FROM agentdb_schema")).isEqualTo(1);
        long nodes = scalar("SELECT count(*) FROM hnsw_nodes");
        long tombstones = scalar("SELECT count(*) FROM hnsw_nodes WHERE deleted = 1");
        try (AgentDB db = AgentDB.open("sqlite:" + file)) {
            assertThat(db.migrationVersion()).isEqualTo(SqliteAdapter.SCHEMA_VERSION);
            assertThat(db.listCollections()).extracting(c -> c.name()).containsExactly("docs", "flat", "vectors");
            VectorCollection docs = db.collection("docs");
            assertThat(docs.spec().metric()).isEqualTo(Metric.COSINE);
            assertThat(docs.count()).isEqualTo(ReleaseFileFixture.DOCS);
            VectorRecord upserted = docs.get("d7").orElseThrow();
            assertThat(upserted.embedding()).isEqualTo(ReleaseFileFixture.vector(ReleaseFileFixture.DOCS_DIM, 5007));
            assertThat(upserted.metadata()).containsEntry("v", 2L);
            assertThat(upserted.text()).isEqualTo("doc 7 v2");
            VectorRecord original = docs.get("d100").orElseThrow();
            assertThat(original.embedding()).isEqualTo(ReleaseFileFixture.vector(ReleaseFileFixture.DOCS_DIM, 1100));
            assertThat(original.metadata()).containsEntry("tags", List.of("t1", "all"));
            assertThat(docs.get("d370")).isEmpty();

            // the graph of the release loads as it is, and every stored vector finds itself first
            for (int i = 0; i < ReleaseFileFixture.DOCS; i += 9) {
                VectorRecord r = docs.get("d" + i).orElseThrow();
                assertThat(docs.search(SearchRequest.of(r.embedding(), 1)).get(0).id()).isEqualTo(r.id());
            }
            assertThat(((SqliteAdapter) db.adapter()).indexRebuilds()).isZero();
            List<SearchResult> g3 = docs.search(SearchRequest.builder(ReleaseFileFixture.vector(16, 1)).k(5)
                    .filter(Filter.eq("group", "g3")).build());
            assertThat(g3).hasSize(5).allMatch(h -> "g3".equals(h.metadata().get("group")));

            VectorCollection v1 = db.defaultCollection();
            assertThat(v1.count()).isEqualTo(50);
            VectorRecord v5 = v1.get("v5").orElseThrow();
            assertThat(v5.text()).isEqualTo("text 5");
            assertThat(v5.timestamp()).isEqualTo(1_700_000_000_005L);
            assertThat(db.collection("flat").search(SearchRequest.of(ReleaseFileFixture.vector(8, 9004), 1)).get(0).id()).isEqualTo("f4");

            assertThat(db.adapter().readState("fixture/written-by")).contains("0.1.0-SNAPSHOT layout 1");
            assertThat(db.adapter().readState(StateStore.MIGRATION_CHECKPOINTS, "fixture/checkpoint")).contains("{\"rows\":30}");

            // every node of the release's graphs survived the upgrade, tombstones with their vectors
            assertThat(scalar("SELECT count(*) FROM hnsw_graph")).isEqualTo(nodes);
            assertThat(scalar("SELECT count(*) FROM hnsw_tombstones")).isEqualTo(tombstones).isPositive();
            assertThat(scalar("SELECT count(*) FROM sqlite_master WHERE name IN ('hnsw_nodes', 'hnsw_edges')")).isZero();

            // and it takes writes: a new row is found, the graph stays consistent after reopening
            docs.insert(VectorRecord.of("new", ReleaseFileFixture.vector(16, 77), Map.of("group", "g9")));
        }
        try (AgentDB again = AgentDB.open("sqlite:" + file)) {
            VectorCollection docs = again.collection("docs");
            assertThat(docs.search(SearchRequest.of(ReleaseFileFixture.vector(16, 77), 1)).get(0).id()).isEqualTo("new");
            assertThat(((SqliteAdapter) again.adapter()).indexRebuilds()).isZero();
        }
    }
}
