package dev.agentdb.mongodb;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.agentdb.AgentDB;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.CollectionSpec;
import dev.agentdb.ConflictException;
import dev.agentdb.Metric;
import dev.agentdb.ReadOnlyException;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.compat.TestVectors;
import dev.agentdb.filter.Filter;
import dev.agentdb.mongodb.internal.MongoGraphStorage;
import dev.agentdb.mongodb.internal.MongoLocks;
import dev.agentdb.mongodb.internal.MongoRegistry;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the kit's read-only contract cannot see on MongoDB: that a read-only handle writes no
 * document anywhere in the database (side collections included: leases, graph, registry), rebuilds
 * a missing graph in memory only, waits while a writer holds the lease instead of taking it, and
 * refuses a schema it cannot read.
 */
class MongoReadOnlyIT extends MongoDatabaseFixture {
    private AgentDB openReadOnly() {
        return AgentDB.open(AgentDBConfig.builder(url).readOnly(true).build());
    }

    /** Every document of every collection of the database, as JSON, by collection. */
    private Map<String, List<String>> everything() {
        Map<String, List<String>> out = new TreeMap<>();
        for (String name : raw.listCollectionNames()) {
            List<String> docs = new ArrayList<>();
            for (Document d : raw.getCollection(name).find()) {
                docs.add(d.toJson());
            }
            docs.sort(String::compareTo);
            out.put(name, docs);
        }
        return out;
    }

    private VectorCollection populate() {
        VectorCollection docs = db.createCollection("docs", CollectionSpec.of(8, Metric.COSINE));
        List<VectorRecord> records = new ArrayList<>();
        float[][] vectors = TestVectors.uniform(200, 8, 7);
        for (int i = 0; i < vectors.length; i++) {
            records.add(new VectorRecord(String.format("r%03d", i), vectors[i], Map.of("bucket", (long) (i % 10)), null, 1_000L + i));
        }
        docs.insertBatch(records);
        return docs;
    }

    @Test
    void should_write_no_document_anywhere_while_reading_and_refusing_writes() {
        VectorCollection rw = populate();
        float[] q = TestVectors.uniform(1, 8, 8)[0];
        List<String> expected = rw.search(q, 10).stream().map(SearchResult::id).toList();
        Map<String, List<String>> before = everything();
        try (AgentDB ro = openReadOnly()) {
            VectorCollection docs = ro.collection("docs");
            assertThat(docs.search(q, 10)).extracting(SearchResult::id).containsExactlyElementsOf(expected);
            assertThat(docs.count(Filter.lt("bucket", 5L))).isEqualTo(100);
            assertThat(docs.stats().indexImplementation()).isEqualTo("agentdb-hnsw");
            assertThatThrownBy(() -> docs.insert(VectorRecord.of("x", q, null))).isInstanceOf(ReadOnlyException.class);
            assertThatThrownBy(() -> ro.adapter().runMigration()).isInstanceOf(ReadOnlyException.class);
        }
        assertThat(everything()).isEqualTo(before);
    }

    @Test
    void should_rebuild_a_missing_graph_in_memory_only() {
        VectorCollection rw = populate();
        float[] q = TestVectors.uniform(1, 8, 9)[0];
        List<String> exact = rw.search(dev.agentdb.SearchRequest.builder(q).k(5).exact(true).build()).stream()
                .map(SearchResult::id).toList();
        raw.getCollection(MongoGraphStorage.NODES).deleteMany(new Document());
        raw.getCollection(MongoGraphStorage.HEADERS).deleteMany(new Document());
        Map<String, List<String>> before = everything();
        try (AgentDB ro = openReadOnly()) {
            List<SearchResult> found = ro.collection("docs").search(q, 5);
            assertThat(found).extracting(SearchResult::id).containsExactlyElementsOf(exact);
            assertThat(ro.collection("docs").stats().indexedCount()).isEqualTo(200);
        }
        assertThat(everything()).as("the graph was not persisted").isEqualTo(before);
        assertThat(raw.getCollection(MongoGraphStorage.NODES).countDocuments()).isZero();
    }

    @Test
    void should_wait_while_a_writer_holds_the_lease_and_read_once_it_is_handed_back() throws Exception {
        populate();
        try (AgentDB ro = openReadOnly()) {
            // a writer of another process holds the lease: the read-only handle must not take it, and waits
            raw.getCollection(MongoLocks.VERSIONS).updateOne(Filters.eq("_id", "docs"),
                    Updates.combine(Updates.set("owner", "another-writer"), Updates.set("until", System.currentTimeMillis() + 60_000)));
            Thread release = new Thread(() -> {
                try {
                    Thread.sleep(400);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                raw.getCollection(MongoLocks.VERSIONS).updateOne(Filters.eq("_id", "docs"), Updates.set("owner", null));
            });
            long started = System.nanoTime();
            release.start();
            assertThat(ro.collection("docs").search(TestVectors.uniform(1, 8, 10)[0], 3)).hasSize(3);
            release.join();
            assertThat((System.nanoTime() - started) / 1_000_000).as("waited for the lease").isGreaterThanOrEqualTo(350);
            assertThat(raw.getCollection(MongoLocks.VERSIONS).find(Filters.eq("_id", "docs")).first().get("owner")).isNull();
        }
    }

    @Test
    void should_refuse_a_schema_newer_than_this_library_without_writing() {
        populate();
        raw.getCollection(MongoRegistry.COLLECTIONS).updateOne(Filters.eq("_id", MongoRegistry.SCHEMA), Updates.push("applied",
                new Document("version", 99).append("description", "future").append("script", "V99__future.json")
                        .append("checksum", 1).append("success", true)));
        Map<String, List<String>> before = everything();
        assertThatThrownBy(this::openReadOnly).isInstanceOf(ConflictException.class);
        assertThat(everything()).isEqualTo(before);
    }
}
