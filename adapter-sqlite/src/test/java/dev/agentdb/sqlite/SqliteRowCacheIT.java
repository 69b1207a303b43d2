package dev.agentdb.sqlite;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionSpec;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine keeps the rows searches returned; every way the rows can change under it must show in
 * the next search: raw SQL through the adapter, another AgentDB handle, and plain SQL from another
 * connection (v1 code, another process).
 */
class SqliteRowCacheIT {
    @TempDir
    Path dir;
    private String url;
    private final float[] query = {1, 0, 0, 0};

    @BeforeEach
    void populate() {
        url = "sqlite:" + dir.resolve("cache.db");
        try (AgentDB db = AgentDB.open(url)) {
            VectorCollection c = db.createCollection("docs", CollectionSpec.of(4, Metric.L2));
            List<VectorRecord> rows = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                rows.add(VectorRecord.of("d" + i, new float[] {1 + i, 0, 0, 0}, Map.of("v", 1)));
            }
            c.insertBatch(rows);
        }
    }

    private static SearchResult nearest(VectorCollection c, float[] q) {
        SearchResult first = c.search(SearchRequest.of(q, 3)).get(0);
        assertThat(c.search(SearchRequest.of(q, 3)).get(0)).isEqualTo(first); // the second search reads the cache
        return first;
    }

    @Test
    void should_show_a_change_made_by_raw_sql_through_the_adapter() {
        try (AgentDB db = AgentDB.open(url)) {
            VectorCollection c = db.collection("docs");
            assertThat(nearest(c, query).metadata()).containsEntry("v", 1L);
            assertThat(db.executeRaw("UPDATE docs SET metadata = '{\"v\":2}' WHERE id = 'd0' RETURNING id")).hasSize(1);
            assertThat(nearest(c, query).metadata()).containsEntry("v", 2L);
        }
    }

    @Test
    void should_show_an_upsert_made_through_another_handle() {
        try (AgentDB db = AgentDB.open(url); AgentDB other = AgentDB.open(url)) {
            VectorCollection c = db.collection("docs");
            assertThat(nearest(c, query).metadata()).containsEntry("v", 1L);
            other.collection("docs").upsert(VectorRecord.of("d0", new float[] {1, 0, 0, 0}, Map.of("v", 3)));
            assertThat(nearest(c, query).metadata()).containsEntry("v", 3L);
        }
    }

    @Test
    void should_show_a_change_made_by_plain_sql_from_another_connection() throws Exception {
        try (AgentDB db = AgentDB.open(url)) {
            VectorCollection c = db.collection("docs");
            assertThat(nearest(c, query).metadata()).containsEntry("v", 1L);
            try (Connection plain = DriverManager.getConnection("jdbc:" + url); Statement s = plain.createStatement()) {
                s.executeUpdate("UPDATE docs SET metadata = '{\"v\":4}' WHERE id = 'd0'");
            }
            assertThat(nearest(c, query).metadata()).containsEntry("v", 4L);
        }
    }
}
