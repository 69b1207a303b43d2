package dev.agentdb.sqlite;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionSpec;
import dev.agentdb.ConflictException;
import dev.agentdb.IndexParams;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The HNSW graph persists in hnsw_* tables: reopening loads it, a missing or stale graph is rebuilt, unknown versions are refused. */
class SqliteIndexPersistenceIT {
    private static final int DIM = 16;

    @TempDir
    Path dir;

    private static float[] vector(Random r) {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    /** Builds a collection with inserts, an upsert and deletes, so the graph holds tombstones. */
    private Path populated(Metric metric) {
        Path file = dir.resolve("graph.db");
        Random r = new Random(7);
        try (AgentDB db = AgentDB.open("sqlite:" + file)) {
            VectorCollection c = db.createCollection("docs", CollectionSpec.builder(DIM).metric(metric).build());
            List<VectorRecord> batch = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                batch.add(VectorRecord.of("d" + i, vector(r), Map.of("i", i, "even", i % 2 == 0)));
            }
            c.insertBatch(batch);
            for (int i = 0; i < 20; i++) {
                c.upsert(VectorRecord.of("d" + i, vector(r), Map.of("i", i, "even", i % 2 == 0, "v", 2)));
            }
            for (int i = 280; i < 300; i++) {
                assertThat(c.delete("d" + i)).isTrue();
            }
            assertThat(c.deleteWhere(Filter.gte("i", 270))).isEqualTo(10);
        }
        return file;
    }

    private static String graphSnapshot(Path file) throws SQLException {
        StringBuilder b = new StringBuilder();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String q : new String[] {"SELECT node, id, level, deleted, hex(neighbors) FROM hnsw_graph ORDER BY collection, node",
                                          "SELECT node, hex(vector) FROM hnsw_tombstones ORDER BY collection, node",
                                          "SELECT key, value FROM hnsw_metadata ORDER BY collection, key"}) {
                try (ResultSet rs = s.executeQuery(q)) {
                    int cols = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= cols; i++) {
                            b.append(rs.getString(i)).append('|');
                        }
                        b.append('\n');
                    }
                }
            }
        }
        return b.toString();
    }

    private static void sql(Path file, String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    @Test
    void should_load_the_persisted_graph_on_reopen_without_rebuilding() throws SQLException {
        Path file = populated(Metric.COSINE);
        String before = graphSnapshot(file);
        assertThat(before).contains("|1|"); // tombstones are persisted
        float[] query = vector(new Random(99));
        List<SearchResult> first;
        try (AgentDB db = AgentDB.open("sqlite:" + file)) {
            SqliteAdapter adapter = (SqliteAdapter) db.adapter();
            VectorCollection c = db.collection("docs");
            first = c.search(query, 10);
            assertThat(adapter.indexLoads()).isEqualTo(1);
            assertThat(adapter.indexRebuilds()).isZero();
            assertThat(adapter.lastIndexLoadWasRebuild()).isFalse();
            assertThat(c.stats().indexedCount()).isEqualTo(270);
            assertThat(c.count()).isEqualTo(270);
        }
        assertThat(graphSnapshot(file)).as("reading does not rewrite the graph").isEqualTo(before);
        try (AgentDB db = AgentDB.open("sqlite:" + file)) {
            assertThat(db.collection("docs").search(query, 10)).isEqualTo(first);
            assertThat(((SqliteAdapter) db.adapter()).indexRebuilds()).isZero();
        }
    }

    @Test
    void should_find_the_same_neighbours_as_an_exact_scan() {
        Path file = populated(Metric.L2);
        Random r = new Random(3);
        try (AgentDB db = AgentDB.open("sqlite:" + file)) {
            VectorCollection c = db.collection("docs");
            int found = 0;
            for (int q = 0; q < 20; q++) {
                float[] query = vector(r);
                Set<String> exact = new HashSet<>();
                c.search(SearchRequest.builder(query).k(10).exact(true).build()).forEach(h -> exact.add(h.id()));
                for (SearchResult h : c.search(query, 10)) {
                    found += exact.contains(h.id()) ? 1 : 0;
                }
                List<SearchResult> filtered = c.search(SearchRequest.builder(query).k(5).filter(Filter.eq("even", true)).build());
                assertThat(filtered).hasSize(5).allSatisfy(h -> assertThat(h.metadata()).containsEntry("even", true));
            }
            assertThat(found / 200.0).as("recall@10").isGreaterThanOrEqualTo(0.9);
        }
    }

    @Test
    void should_rebuild_a_missing_graph() throws SQLException {
        Path file = populated(Metric.COSINE);
        sql(file, "DELETE FROM hnsw_graph");
        try (AgentDB db = AgentDB.open("sqlite:" + file)) {
            VectorCollection c = db.collection("docs");
            assertThat(c.search(new float[DIM], 5)).hasSize(5);
            assertThat(((SqliteAdapter) db.adapter()).lastIndexLoadWasRebuild()).isTrue();
            assertThat(c.stats().indexedCount()).isEqualTo(270);
        }
        try (AgentDB db = AgentDB.open("sqlite:" + file)) {
            db.collection("docs").search(new float[DIM], 5);
            assertThat(((SqliteAdapter) db.adapter()).lastIndexLoadWasRebuild()).as("the rebuilt graph was persisted").isFalse();
        }
    }

    @Test
    void should_rebuild_a_stale_graph_when_rows_changed_behind_its_back() throws SQLException {
        Path file = populated(Metric.COSINE);
        sql(file, "INSERT INTO docs (id, embedding, metadata, timestamp) SELECT 'copy', embedding, metadata, timestamp FROM docs WHERE id = 'd5'");
        try (AgentDB db = AgentDB.open("sqlite:" + file)) {
            VectorCollection c = db.collection("docs");
            float[] d5 = c.get("d5").orElseThrow().embedding();
            assertThat(c.search(d5, 2)).extracting(SearchResult::id).containsExactlyInAnyOrder("d5", "copy");
            assertThat(((SqliteAdapter) db.adapter()).lastIndexLoadWasRebuild()).isTrue();
        }
    }

    /**
     * Another writer (here plain JDBC on its own connection, as another process or a Hibernate entity
     * mapped on the table would be) inserts and deletes rows while an {@code AgentDB} has the file
     * open and its graph loaded: the next search notices the commit ({@code PRAGMA data_version}),
     * finds the persisted graph stale, rebuilds it from the rows and persists it, so the new rows are
     * found by the index (approximate = exact) and the deleted one is gone. Nothing to call.
     */
    @Test
    void should_index_rows_another_writer_inserted_while_open_before_the_next_search() throws SQLException {
        Path file = populated(Metric.COSINE);
        float[][] plain = new float[3][];
        Random r = new Random(99);
        try (AgentDB db = AgentDB.open("sqlite:" + file)) {
            SqliteAdapter adapter = (SqliteAdapter) db.adapter();
            VectorCollection c = db.collection("docs");
            assertThat(c.search(vector(r), 5)).hasSize(5);
            assertThat(adapter.lastIndexLoadWasRebuild()).as("the persisted graph was current").isFalse();
            int rebuildsBefore = adapter.indexRebuilds();

            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
                 PreparedStatement insert = other.prepareStatement(
                         "INSERT INTO docs (id, embedding, metadata, timestamp, text) VALUES (?, ?, ?, ?, ?)");
                 Statement s = other.createStatement()) {
                for (int i = 0; i < plain.length; i++) {
                    plain[i] = vector(r);
                    insert.setString(1, "plain" + i);
                    insert.setBytes(2, SqliteFiles.littleEndian(plain[i]));
                    insert.setString(3, "{\"source\":\"plain\",\"i\":" + (1000 + i) + "}");
                    insert.setLong(4, 1_700_000_000_000L + i);
                    insert.setString(5, "written behind AgentDB's back");
                    insert.executeUpdate(); // autocommit: three commits by another connection
                }
                assertThat(s.executeUpdate("DELETE FROM docs WHERE id = 'd100'")).isEqualTo(1);
            }

            for (int i = 0; i < plain.length; i++) {
                SearchResult hit = c.search(plain[i], 1).get(0);
                assertThat(hit.id()).isEqualTo("plain" + i);
                assertThat(hit.text()).isEqualTo("written behind AgentDB's back");
            }
            assertThat(adapter.indexRebuilds()).as("the stale graph was rebuilt once").isEqualTo(rebuildsBefore + 1);
            assertThat(c.stats().indexedCount()).isEqualTo(272);
            assertThat(c.count()).isEqualTo(272);
            assertThat(c.search(SearchRequest.builder(plain[0]).k(10).filter(Filter.eq("source", "plain")).build()))
                    .extracting(SearchResult::id).containsExactlyInAnyOrder("plain0", "plain1", "plain2");
            float[] q = vector(r);
            assertThat(c.search(q, 10)).extracting(SearchResult::id).doesNotContain("d100")
                    .containsExactlyElementsOf(c.search(SearchRequest.builder(q).k(10).exact(true).build())
                            .stream().map(SearchResult::id).toList());
        }
        try (AgentDB db = AgentDB.open("sqlite:" + file)) {
            assertThat(db.collection("docs").search(plain[1], 1).get(0).id()).isEqualTo("plain1");
            assertThat(((SqliteAdapter) db.adapter()).lastIndexLoadWasRebuild()).as("the rebuilt graph was persisted").isFalse();
        }
    }

    @Test
    void should_refuse_a_graph_of_an_unknown_format_version() throws SQLException {
        Path file = populated(Metric.COSINE);
        sql(file, "UPDATE hnsw_metadata SET value = '99' WHERE key = 'format_version'");
        try (AgentDB db = AgentDB.open("sqlite:" + file)) {
            VectorCollection c = db.collection("docs");
            assertThatThrownBy(() -> c.search(new float[DIM], 5)).isInstanceOf(ConflictException.class).hasMessageContaining("99");
            assertThat(c.count()).isEqualTo(270);
        }
    }

    @Test
    void should_refuse_a_file_of_a_newer_schema_version() throws SQLException {
        Path file = populated(Metric.COSINE);
        sql(file, "UPDATE agentdb_schema SET version = " + (SqliteAdapter.SCHEMA_VERSION + 1));
        assertThatThrownBy(() -> AgentDB.open("sqlite:" + file)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("schema version " + (SqliteAdapter.SCHEMA_VERSION + 1));
    }

    private static long scalar(Path file, String query) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void should_persist_the_graph_of_a_reindex_and_load_it_in_another_handle_without_rebuilding() throws SQLException {
        Path file = populated(Metric.COSINE);
        float[] query = vector(new Random(99));
        try (AgentDB db = AgentDB.open("sqlite:" + file); AgentDB other = AgentDB.open("sqlite:" + file)) {
            other.collection("docs").search(query, 10); // caches the old spec and graph

            db.collection("docs").reindex(IndexParams.hnsw(8, 64, 64));

            assertThat(scalar(file, "SELECT value FROM hnsw_metadata WHERE collection = 'docs' AND key = 'm'")).isEqualTo(8);
            assertThat(scalar(file, "SELECT value FROM hnsw_metadata WHERE collection = 'docs' AND key = 'ef_construction'")).isEqualTo(64);
            assertThat(scalar(file, "SELECT count(*) FROM hnsw_graph WHERE collection = 'docs'")).as("rebuilt without tombstones")
                    .isEqualTo(270);
            List<SearchResult> fresh = db.collection("docs").search(query, 10);
            SqliteAdapter otherAdapter = (SqliteAdapter) other.adapter();
            int rebuilds = otherAdapter.indexRebuilds();
            // the other handle notices the commit at its next search (not at a cached spec() read)
            assertThat(other.collection("docs").search(query, 10)).isEqualTo(fresh);
            assertThat(otherAdapter.indexRebuilds()).as("the other handle loads the new graph").isEqualTo(rebuilds);
            assertThat(other.collection("docs").spec().index()).isEqualTo(IndexParams.hnsw(8, 64, 64));
        }
        try (AgentDB db = AgentDB.open("sqlite:" + file)) {
            VectorCollection c = db.collection("docs");
            assertThat(c.spec().index()).isEqualTo(IndexParams.hnsw(8, 64, 64));
            assertThat(c.search(query, 10)).hasSize(10);
            assertThat(((SqliteAdapter) db.adapter()).indexRebuilds()).isZero();
            assertThat(c.stats().indexedCount()).isEqualTo(270);
        }
    }

    @Test
    void should_leave_no_graph_rows_after_a_flat_reindex_and_keep_the_old_graph_after_a_rollback() throws SQLException {
        Path file = populated(Metric.L2);
        String before = graphSnapshot(file);
        try (AgentDB db = AgentDB.open("sqlite:" + file)) {
            VectorCollection c = db.collection("docs");
            assertThatThrownBy(() -> db.useTransaction(() -> {
                c.reindex(IndexParams.flat());
                throw new IllegalStateException("boom");
            })).hasMessage("boom");
            assertThat(graphSnapshot(file)).as("the rolled-back reindex left the graph").isEqualTo(before);
            assertThat(c.search(new float[DIM], 5)).hasSize(5);
            assertThat(((SqliteAdapter) db.adapter()).indexRebuilds()).isZero();

            c.reindex(IndexParams.flat());
            assertThat(scalar(file, "SELECT (SELECT count(*) FROM hnsw_graph) + (SELECT count(*) FROM hnsw_tombstones)"
                    + " + (SELECT count(*) FROM hnsw_metadata)")).isZero();
            assertThat(c.stats().indexedCount()).isZero();
            assertThat(c.search(new float[DIM], 5)).hasSize(5);
        }
    }

    @Test
    void should_compact_tombstones_while_the_database_stays_open() throws SQLException {
        Path file = dir.resolve("churn.db");
        Random r = new Random(11);
        try (AgentDB db = AgentDB.open("sqlite:" + file)) {
            VectorCollection c = db.createCollection("docs", CollectionSpec.builder(DIM).metric(Metric.COSINE).build());
            List<VectorRecord> batch = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                batch.add(VectorRecord.of("d" + i, vector(r), Map.of("i", i)));
            }
            c.insertBatch(batch);
            // an upsert-heavy process: every record replaced three times, one batch of 100 at a time
            for (int round = 0; round < 3; round++) {
                for (int from = 0; from < 2_000; from += 100) {
                    List<VectorRecord> upserts = new ArrayList<>();
                    for (int i = from; i < from + 100; i++) {
                        upserts.add(VectorRecord.of("d" + i, vector(r), Map.of("i", i, "round", round)));
                    }
                    c.upsertBatch(upserts);
                }
                // never more than the compaction threshold of tombstones, in memory and on disk
                long nodes = scalar(file, "SELECT count(*) FROM hnsw_graph WHERE collection = 'docs'");
                long dead = scalar(file, "SELECT count(*) FROM hnsw_graph WHERE collection = 'docs' AND deleted = 1");
                assertThat(dead).as("tombstones on disk after round " + round).isLessThan(1_000 + 2_000 / 4);
                assertThat(nodes - dead).isEqualTo(2_000);
            }
            assertThat(c.stats().indexedCount()).isEqualTo(2_000);
            SqliteAdapter adapter = (SqliteAdapter) db.adapter();
            assertThat(adapter.indexRebuilds()).isZero();
            for (int i = 0; i < 20; i++) {
                VectorRecord stored = c.get("d" + (i * 97)).orElseThrow();
                assertThat(c.search(SearchRequest.of(stored.embedding(), 1)).get(0).id()).isEqualTo(stored.id());
            }
        }
        try (AgentDB again = AgentDB.open("sqlite:" + file)) {
            VectorCollection c = again.collection("docs");
            assertThat(c.search(SearchRequest.of(vector(r), 5))).hasSize(5);
            assertThat(((SqliteAdapter) again.adapter()).indexRebuilds()).as("the compacted graph loads as it is").isZero();
        }
    }
}
