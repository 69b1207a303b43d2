package dev.agentdb.sqlite;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionSpec;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;
import dev.agentdb.spi.Capability;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** Reader threads search while one writer inserts; in-memory databases are private and not durable. */
class SqliteConcurrencyIT {
    @TempDir
    Path dir;

    @Test
    void should_serve_concurrent_searches_while_one_writer_inserts() throws Exception {
        Path file = dir.resolve("concurrent.db");
        try (AgentDB db = AgentDB.open("sqlite:" + file)) {
            VectorCollection c = db.createCollection("docs", CollectionSpec.of(8, Metric.COSINE));
            c.insert(VectorRecord.of("seed", new float[] {1, 0, 0, 0, 0, 0, 0, 0}, Map.of("w", -1)));
            AtomicBoolean writing = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> readers = new ArrayList<>();
                for (int t = 0; t < 3; t++) {
                    final int seed = t;
                    readers.add(pool.submit(() -> {
                        int searches = 0;
                        while (writing.get() || searches < 20) {
                            float[] q = {1, seed, 0, 0, 0, 0, 0, searches % 3};
                            List<SearchResult> hits = c.search(q, 5);
                            assertThat(hits).isNotEmpty();
                            assertThat(hits).isSortedAccordingTo((a, b) -> Double.compare(a.distance(), b.distance()));
                            List<SearchResult> filtered = c.search(SearchRequest.builder(q).k(3).filter(Filter.gte("w", 0)).build());
                            assertThat(filtered).allSatisfy(h -> assertThat((Long) h.metadata().get("w")).isGreaterThanOrEqualTo(0L));
                            assertThat(c.count()).isPositive();
                            searches++;
                        }
                        return searches;
                    }));
                }
                Future<?> writer = pool.submit(() -> {
                    try {
                        for (int b = 0; b < 30; b++) {
                            List<VectorRecord> batch = new ArrayList<>();
                            for (int i = 0; i < 10; i++) {
                                int n = b * 10 + i;
                                batch.add(VectorRecord.of("w" + n, new float[] {n % 7, n % 5, n % 3, 1, 0, n % 2, 0, 1}, Map.of("w", n)));
                            }
                            c.insertBatch(batch);
                            if (b % 5 == 0) {
                                c.delete("w" + (b * 10));
                            }
                        }
                    } finally {
                        writing.set(false);
                    }
                });
                writer.get();
                for (Future<Integer> r : readers) {
                    assertThat(r.get()).isGreaterThanOrEqualTo(20);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(c.count()).isEqualTo(1 + 300 - 6);
            assertThat(c.stats().indexedCount()).isEqualTo(1 + 300 - 6);
        }
        try (AgentDB db = AgentDB.open("sqlite:" + file)) {
            assertThat(db.collection("docs").search(new float[] {1, 0, 0, 0, 0, 0, 0, 0}, 3)).hasSize(3);
            assertThat(((SqliteAdapter) db.adapter()).lastIndexLoadWasRebuild()).isFalse();
        }
    }

    @Test
    void should_give_each_in_memory_database_its_own_private_data() {
        try (AgentDB a = AgentDB.open("sqlite::memory:"); AgentDB b = AgentDB.open("sqlite::memory:")) {
            assertThat(a.capabilities()).contains(Capability.TRANSACTIONS, Capability.ANN_INDEX).doesNotContain(Capability.DURABLE);
            a.defaultCollection().insert(VectorRecord.of("x", new float[] {1, 2}, Map.of("k", 1)));
            assertThat(a.defaultCollection().search(new float[] {1, 2}, 1).get(0).id()).isEqualTo("x");
            assertThat(b.defaultCollection().count()).isZero();
            assertThat(a.health().up()).isTrue();
            assertThat(a.health().detail()).startsWith("SQLite 3.");
        }
    }

    @Test
    void should_refuse_collection_work_until_migrated_when_auto_migrate_is_off() {
        String url = "sqlite:" + dir.resolve("manual.db");
        try (AgentDB db = AgentDB.open(dev.agentdb.AgentDBConfig.builder(url).autoMigrate(false).build())) {
            assertThat(db.migrationVersion()).isZero();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> db.hasCollection("docs"))
                    .isInstanceOf(dev.agentdb.BackendUnavailableException.class).hasMessageContaining("runMigration");
            assertThat(db.adapter().runMigration()).isEqualTo(SqliteAdapter.SCHEMA_VERSION);
            assertThat(db.hasCollection("docs")).isFalse();
            assertThat(db.migrationVersion()).isEqualTo(SqliteAdapter.SCHEMA_VERSION);
        }
    }

    @Test
    void should_open_jdbc_urls_and_report_durability() {
        Path file = dir.resolve("jdbc.db");
        try (AgentDB db = AgentDB.open("jdbc:sqlite:" + file)) {
            assertThat(db.capabilities()).contains(Capability.DURABLE, Capability.RAW_SQL, Capability.FILTER_PUSHDOWN);
            assertThat(db.executeRaw("PRAGMA journal_mode").get(0).get("journal_mode")).isEqualTo("wal");
            db.defaultCollection().insert(new float[] {1, 2, 3}, Map.of());
            assertThat(db.defaultCollection().stats().bytesOnDisk()).isPositive();
        }
        try (AgentDB db = AgentDB.open(dev.agentdb.AgentDBConfig.builder("sqlite:" + file).property("sqlite.synchronous", "full").build())) {
            assertThat(db.defaultCollection().count()).isEqualTo(1);
            assertThat(((Number) db.executeRaw("PRAGMA synchronous").get(0).get("synchronous")).intValue()).isEqualTo(2);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AgentDB.open(dev.agentdb.AgentDBConfig.builder("sqlite:" + file)
                .property("sqlite.synchronous", "sometimes").build()))
                .isInstanceOf(dev.agentdb.InvalidInputException.class).hasMessageContaining("sqlite.synchronous");
    }
}
