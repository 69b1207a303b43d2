package dev.agentdb.mongodb;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.agentdb.AgentDB;
import dev.agentdb.AgentDBException;
import dev.agentdb.CollectionSpec;
import dev.agentdb.ConflictException;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Metric;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.mongodb.internal.MongoLocks;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The bookkeeping of {@code transaction(...)} on the stand-in, which has no transactions: the
 * adapter's transaction body runs without a driver session ({@code MongoAdapter.inTransaction(null, ...)}),
 * so every operation commits on its own, and what is checked is what the adapter adds around MongoDB's
 * transaction: the leases of written collections held until the end (another client's writer waits),
 * versions moved once per written collection, in-memory graphs that match the stored documents after
 * the end, nested calls joining, collections only searched read outside it, {@code dropCollection}
 * refused inside, and a write that failed part way making the transaction fail at its end. Rollback
 * itself is MongoDB's and is checked by the kit on a replica set only ({@code MongoContainerCompatibilityIT}).
 */
class MongoTransactionBookkeepingIT extends MongoDatabaseFixture {
    private <T> T bookkeeping(Supplier<T> work) {
        return ((MongoAdapter) db.adapter()).inTransaction(null, work);
    }

    private long version(String collection) {
        Document d = raw.getCollection(MongoLocks.VERSIONS).find(new Document("_id", collection)).first();
        return d.get("version", Number.class).longValue();
    }

    private Object owner(String collection) {
        return raw.getCollection(MongoLocks.VERSIONS).find(new Document("_id", collection)).first().get("owner");
    }

    private static List<String> ids(List<SearchResult> results) {
        return results.stream().map(SearchResult::id).toList();
    }

    @Test
    void should_hold_the_leases_of_written_collections_until_the_end_and_move_each_version_once() throws Exception {
        VectorCollection a = db.createCollection("a_docs", CollectionSpec.of(3, Metric.COSINE));
        VectorCollection b = db.createCollection("b_docs", CollectionSpec.of(3, Metric.L2));
        VectorCollection c = db.createCollection("c_docs", CollectionSpec.of(3, Metric.L2));
        c.insert(VectorRecord.of("c1", new float[] {1f, 1f, 1f}, null));
        long va = version("a_docs");
        long vb = version("b_docs");
        long vc = version("c_docs");
        try (AgentDB other = AgentDB.open(url)) {
            VectorCollection otherA = other.collection("a_docs");
            CompletableFuture<Void>[] waiting = new CompletableFuture[1];
            String result = bookkeeping(() -> {
                a.insert(VectorRecord.of("x", new float[] {1f, 2f, 3f}, Map.of("t", 1L)));
                a.insert(VectorRecord.of("x2", new float[] {1f, 2f, 4f}, null));
                b.insertBatch(List.of(VectorRecord.of("y", new float[] {3f, 2f, 1f}, null), VectorRecord.of("z", new float[] {1f, 0f, 0f}, null)));
                b.delete("z");
                assertThat(owner("a_docs")).as("a's lease is held inside").isNotNull();
                assertThat(ids(a.search(new float[] {1f, 2f, 3f}, 2))).containsExactly("x", "x2");
                assertThat(ids(c.search(new float[] {1f, 1f, 1f}, 1))).as("a collection only searched").containsExactly("c1");
                assertThat(owner("c_docs")).as("not leased by a search").isNull();
                assertThat(bookkeeping(() -> a.count())).as("a nested call joins").isEqualTo(2);
                assertThatThrownBy(() -> db.dropCollection("c_docs")).isInstanceOf(InvalidInputException.class)
                        .hasMessageContaining("inside a transaction");
                waiting[0] = CompletableFuture.runAsync(() -> otherA.insert(VectorRecord.of("w", new float[] {0f, 0f, 1f}, null)));
                try {
                    Thread.sleep(400);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                assertThat(waiting[0]).as("another client's writer waits for the lease").isNotDone();
                return "done";
            });
            assertThat(result).isEqualTo("done");
            waiting[0].get(30, TimeUnit.SECONDS);
            assertThat(version("a_docs")).as("a: the transaction, then the other writer").isEqualTo(va + 2);
            assertThat(version("b_docs")).isEqualTo(vb + 1);
            assertThat(version("c_docs")).isEqualTo(vc);
            assertThat(owner("a_docs")).isNull();
            assertThat(owner("b_docs")).isNull();
            assertThat(db.hasCollection("c_docs")).isTrue();
            assertThat(ids(a.search(new float[] {0f, 0f, 1f}, 3))).containsExactlyInAnyOrder("w", "x", "x2");
            assertThat(ids(b.search(new float[] {3f, 2f, 1f}, 5))).containsExactly("y");
            assertThat(ids(other.collection("b_docs").search(new float[] {3f, 2f, 1f}, 5))).containsExactly("y");
        }
    }

    @Test
    void should_release_the_leases_and_drop_the_graph_when_the_work_throws() {
        VectorCollection a = db.createCollection("a_docs", CollectionSpec.of(3, Metric.COSINE));
        a.insert(VectorRecord.of("before", new float[] {1f, 1f, 1f}, null));
        long va = version("a_docs");
        IllegalStateException boom = new IllegalStateException("boom");
        Throwable thrown = catchThrowable(() -> bookkeeping(() -> {
            a.insert(VectorRecord.of("x", new float[] {1f, 2f, 3f}, null));
            throw boom;
        }));
        assertThat(thrown).isSameAs(boom);
        assertThat(owner("a_docs")).isNull();
        assertThat(version("a_docs")).as("not committed: the version stays").isEqualTo(va);
        // without a driver transaction the insert stayed (MongoDB's abort would have undone it); the graph is reloaded from the documents
        assertThat(ids(a.search(new float[] {1f, 2f, 3f}, 5))).containsExactlyInAnyOrder("x", "before");
        a.insert(VectorRecord.of("after", new float[] {0f, 1f, 0f}, null));
        assertThat(a.count()).isEqualTo(3);
    }

    @Test
    void should_fail_at_the_end_when_a_write_inside_failed_part_way_even_if_the_work_caught_it() {
        VectorCollection a = db.createCollection("a_docs", CollectionSpec.of(2, Metric.L2));
        a.insert(VectorRecord.of("kept", new float[] {1f, 1f}, Map.of("sku", "k")));
        raw.getCollection("a_docs").createIndex(Indexes.ascending("metadata.sku"), new IndexOptions().unique(true));
        List<VectorRecord> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(VectorRecord.of("r" + i, new float[] {i, 1f}, Map.of("sku", i == 10 ? "k" : "s" + i)));
        }
        assertThatThrownBy(() -> bookkeeping(() -> {
            assertThatThrownBy(() -> a.insertBatch(batch)).isInstanceOf(ConflictException.class);
            return null;
        })).isInstanceOf(AgentDBException.class).hasMessageContaining("failed part way");
        assertThat(owner("a_docs")).isNull();

        // a conflict found before anything is written does not poison the transaction
        assertThat(bookkeeping(() -> {
            assertThatThrownBy(() -> a.insert(VectorRecord.of("kept", new float[] {2f, 2f}, null))).isInstanceOf(ConflictException.class);
            a.insert(VectorRecord.of("fresh", new float[] {2f, 2f}, Map.of("sku", "f")));
            return a.count();
        })).isEqualTo(2);
        assertThat(ids(a.search(new float[] {2f, 2f}, 1))).containsExactly("fresh");
    }
}
