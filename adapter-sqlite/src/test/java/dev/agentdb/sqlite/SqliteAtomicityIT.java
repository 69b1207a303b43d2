package dev.agentdb.sqlite;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionSpec;
import dev.agentdb.ConflictException;
import dev.agentdb.DimensionMismatchException;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Metric;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Refused operations and rolled-back transactions leave rows, graph tables and the in-memory index unchanged. */
class SqliteAtomicityIT {
    @TempDir
    Path dir;

    private Path file;
    private AgentDB db;
    private VectorCollection docs;

    @BeforeEach
    void open() {
        file = dir.resolve("atomic.db");
        db = AgentDB.open("sqlite:" + file);
        docs = db.createCollection("docs", CollectionSpec.of(3, Metric.COSINE));
        List<VectorRecord> seed = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            seed.add(VectorRecord.of("d" + i, new float[] {i, 1, i % 5}, Map.of("i", i)));
        }
        docs.insertBatch(seed);
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** Everything observable about the collection: rows, search answers, graph size, graph tables. */
    private String state() {
        StringBuilder b = new StringBuilder();
        b.append(docs.count()).append(' ').append(docs.stats().indexedCount()).append('\n');
        for (VectorRecord r : docs.scan(null, 1000)) {
            b.append(r).append('\n');
        }
        for (SearchResult r : docs.search(new float[] {7, 1, 2}, 5)) {
            b.append(r.id()).append(' ').append(r.distance()).append('\n');
        }
        b.append(db.executeRaw("SELECT count(*) AS n, sum(deleted) AS d FROM hnsw_graph WHERE collection = 'docs'"));
        return b.toString();
    }

    @Test
    void should_leave_everything_unchanged_when_a_batch_is_refused() {
        String before = state();
        assertThatThrownBy(() -> docs.insertBatch(List.of(VectorRecord.of("n1", new float[] {1, 2, 3}, null),
                VectorRecord.of("n2", new float[] {1, 2}, null)))).isInstanceOf(DimensionMismatchException.class);
        assertThatThrownBy(() -> docs.insertBatch(List.of(VectorRecord.of("n1", new float[] {1, 2, 3}, null),
                VectorRecord.of("n2", new float[] {1, Float.NaN, 3}, null)))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> docs.insertBatch(List.of(VectorRecord.of("n1", new float[] {1, 2, 3}, null),
                VectorRecord.of("n1", new float[] {1, 2, 4}, null)))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> docs.insertBatch(List.of(VectorRecord.of("n1", new float[] {1, 2, 3}, null),
                VectorRecord.of("d7", new float[] {1, 2, 4}, null), VectorRecord.of("n3", new float[] {3, 2, 1}, null))))
                .isInstanceOf(ConflictException.class).hasMessageContaining("d7");
        assertThat(state()).isEqualTo(before);
        assertThat(((SqliteAdapter) db.adapter()).indexLoads()).as("a refused write keeps the loaded index").isEqualTo(1);
    }

    @Test
    void should_roll_back_rows_and_index_together() {
        VectorCollection other = db.createCollection("other", CollectionSpec.of(3, Metric.L2));
        String before = state();
        assertThatThrownBy(() -> db.useTransaction(() -> {
            docs.insert(VectorRecord.of("t1", new float[] {7, 1, 2}, Map.of("tx", true)));
            docs.upsert(VectorRecord.of("d3", new float[] {7, 1, 2}, Map.of("tx", true)));
            docs.delete("d7");
            other.insert(VectorRecord.of("o1", new float[] {1, 1, 1}, null));
            assertThat(docs.search(new float[] {7, 1, 2}, 2)).extracting(SearchResult::id).containsExactlyInAnyOrder("t1", "d3");
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThat(state()).isEqualTo(before);
        assertThat(other.count()).isZero();
        assertThat(other.search(new float[] {1, 1, 1}, 3)).isEmpty();

        docs.insert(VectorRecord.of("after", new float[] {7, 1, 2}, null));
        assertThat(docs.search(new float[] {7, 1, 2}, 1).get(0).id()).isEqualTo("after");
        db.close();
        db = AgentDB.open("sqlite:" + file);
        docs = db.collection("docs");
        assertThat(docs.search(new float[] {7, 1, 2}, 1).get(0).id()).isEqualTo("after");
        assertThat(((SqliteAdapter) db.adapter()).lastIndexLoadWasRebuild()).as("graph and rows still agree").isFalse();
    }

    @Test
    void should_keep_the_rest_of_a_transaction_when_one_operation_inside_fails() {
        db.useTransaction(() -> {
            docs.insert(VectorRecord.of("ok1", new float[] {9, 9, 9}, null));
            assertThatThrownBy(() -> docs.insertBatch(List.of(VectorRecord.of("ok2", new float[] {1, 1, 1}, null),
                    VectorRecord.of("d1", new float[] {1, 1, 1}, null)))).isInstanceOf(ConflictException.class);
            docs.insert(VectorRecord.of("ok3", new float[] {9, 9, 8}, null));
        });
        assertThat(docs.get("ok1")).isPresent();
        assertThat(docs.get("ok2")).isEmpty();
        assertThat(docs.get("ok3")).isPresent();
        assertThat(docs.stats().indexedCount()).isEqualTo(52);
        assertThat(docs.search(new float[] {9, 9, 8}, 1)).extracting(SearchResult::id).containsExactly("ok3");
    }

    @Test
    void should_refuse_hostile_collection_names_and_change_nothing() {
        String before = state();
        List<String> tables = tables();
        for (String name : new String[] {"x; DROP TABLE docs", "a\"b", "Robert'); --", "hnsw_nodes", "agentdb_collections",
                                         "sqlite_master", "HNSW_edges", "", "1abc", "a b", "é", "a".repeat(64)}) {
            assertThatThrownBy(() -> db.createCollection(name, CollectionSpec.of(3, Metric.COSINE)))
                    .as(name).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> db.collection(name)).as(name).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> db.dropCollection(name)).as(name).isInstanceOf(InvalidInputException.class);
        }
        assertThat(tables()).isEqualTo(tables);
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void should_refuse_to_adopt_a_foreign_table() {
        db.executeRaw("CREATE TABLE mine (x INTEGER)");
        assertThatThrownBy(() -> db.createCollection("mine", CollectionSpec.of(3, Metric.COSINE)))
                .isInstanceOf(ConflictException.class).hasMessageContaining("mine");
        assertThat(db.hasCollection("mine")).isFalse();
    }

    private List<String> tables() {
        List<String> out = new ArrayList<>();
        db.executeRaw("SELECT name FROM sqlite_master ORDER BY name").forEach(r -> out.add((String) r.get("name")));
        return out;
    }
}
