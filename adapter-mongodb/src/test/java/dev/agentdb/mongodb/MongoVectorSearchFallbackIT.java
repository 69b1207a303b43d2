package dev.agentdb.mongodb;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.agentdb.AgentDB;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.CollectionSpec;
import dev.agentdb.CollectionStats;
import dev.agentdb.IndexParams;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.compat.TestVectors;
import dev.agentdb.filter.Filter;
import dev.agentdb.mongodb.internal.MongoGraphStorage;
import dev.agentdb.mongodb.internal.MongoRegistry;
import dev.agentdb.mongodb.internal.MongoVectorSearch;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code $vectorSearch} path's writes and fallbacks on the stand-in: a collection whose registry
 * document says {@code mongodb-vector-search} (as one created on Atlas and restored onto a server
 * without search would) is written without an in-house graph, searched by the exact scan of its
 * matching documents (the same answers as an exact search, filters included), reported as
 * {@code mongodb-vector-search} with nothing indexed, read the same read-only, and moved to the
 * in-house index by a reindex.
 */
class MongoVectorSearchFallbackIT {
    @RegisterExtension
    static final MongoTestSupport SUPPORT = MongoTestSupport.of("MONGODB");

    private static final int N = 120;

    private String url;
    private MongoClient client;
    private MongoDatabase raw;

    @BeforeEach
    void open() {
        url = SUPPORT.newDatabaseUrl();
        client = MongoClients.create(url);
        raw = client.getDatabase(url.substring(url.lastIndexOf('/') + 1));
    }

    @AfterEach
    void close() {
        client.close();
    }

    private static List<String> ids(List<SearchResult> results) {
        return results.stream().map(SearchResult::id).toList();
    }

    private static List<VectorRecord> records(int from, int to) {
        float[][] vectors = TestVectors.clustered(N + 20, 8, 4, 0.3, 91);
        List<VectorRecord> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(VectorRecord.of(String.format("r%03d", i), vectors[i], Map.of("bucket", (long) (i % 6), "lang", i % 2 == 0 ? "en" : "de")));
        }
        return out;
    }

    @Test
    void should_write_without_a_graph_and_answer_exactly_where_vector_search_does_not_run_then_move_in_house_on_reindex() {
        try (AgentDB setup = AgentDB.open(url)) {
            setup.createCollection("docs", CollectionSpec.of(8, Metric.COSINE));
        }
        // as created where $vectorSearch runs: the registry says so, and the collection has no in-house graph
        raw.getCollection(MongoRegistry.COLLECTIONS).updateOne(Filters.eq("_id", "docs"),
                Updates.set(MongoRegistry.INDEX_IMPLEMENTATION, MongoVectorSearch.IMPLEMENTATION));
        raw.getCollection(MongoGraphStorage.NODES).deleteMany(new Document());
        raw.getCollection(MongoGraphStorage.HEADERS).deleteMany(new Document());

        try (AgentDB db = AgentDB.open(AgentDBConfig.builder(url).property(MongoVectorSearch.FILTER_FIELDS_PROPERTY, "lang").build())) {
            VectorCollection docs = db.collection("docs");
            docs.insertBatch(records(0, N));
            docs.upsert(VectorRecord.of("r000", records(N, N + 1).get(0).embedding(), Map.of("bucket", 9L, "lang", "en")));
            assertThat(docs.deleteWhere(Filter.eq("bucket", 5L))).isEqualTo(20);
            assertThat(raw.getCollection(MongoGraphStorage.NODES).countDocuments()).as("no in-house graph is written").isZero();

            CollectionStats stats = docs.stats();
            assertThat(stats.indexImplementation()).isEqualTo(MongoVectorSearch.IMPLEMENTATION);
            assertThat(stats.count()).isEqualTo(N - 20);
            assertThat(stats.indexedCount()).as("no queryable search index here").isZero();

            for (float[] q : TestVectors.uniform(5, 8, 92)) {
                for (Filter f : new Filter[] {null, Filter.eq("lang", "en"), Filter.lt("bucket", 3L)}) {
                    List<SearchResult> found = docs.search(SearchRequest.builder(q).k(10).filter(f).build());
                    List<SearchResult> exact = docs.search(SearchRequest.builder(q).k(10).filter(f).exact(true).build());
                    assertThat(found).as(f == null ? "no filter" : f.toJson()).isEqualTo(exact);
                    assertThat(found).hasSize(10);
                }
            }
            try (AgentDB ro = AgentDB.open(AgentDBConfig.builder(url).readOnly(true).build())) {
                float[] q = TestVectors.uniform(1, 8, 93)[0];
                assertThat(ids(ro.collection("docs").search(q, 5))).containsExactlyElementsOf(ids(docs.search(q, 5)));
            }

            docs.reindex(IndexParams.hnsw(12, 80, 60));
            CollectionStats moved = docs.stats();
            assertThat(moved.indexImplementation()).isEqualTo(CollectionStats.IN_HOUSE);
            assertThat(moved.indexedCount()).isEqualTo(N - 20);
            assertThat(raw.getCollection(MongoRegistry.COLLECTIONS).find(Filters.eq("_id", "docs")).first()
                    .getString(MongoRegistry.INDEX_IMPLEMENTATION)).isEqualTo(CollectionStats.IN_HOUSE);
            assertThat(raw.getCollection(MongoGraphStorage.NODES).countDocuments()).isEqualTo(N - 20);
            float[] q = TestVectors.uniform(1, 8, 94)[0];
            assertThat(ids(docs.search(q, 5))).containsExactlyElementsOf(ids(docs.search(SearchRequest.builder(q).k(5).exact(true).build())));
        }
    }
}
