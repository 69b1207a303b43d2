package dev.agentdb.mongodb;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.agentdb.AgentDB;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.CollectionSpec;
import dev.agentdb.CollectionStats;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.compat.TestVectors;
import dev.agentdb.filter.Filter;
import dev.agentdb.mongodb.internal.MongoRegistry;
import dev.agentdb.mongodb.internal.MongoVectorSearch;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The {@code $vectorSearch} path on a deployment that runs it, opt-in: with
 * {@code AGENTDB_TEST_MONGODB_ATLAS_URL} (Atlas, or any MongoDB with {@code mongot}, e.g.
 * {@code mongodb://127.0.0.1:27017/agentdb?directConnection=true}), else in a {@value MongoAtlasLocal#IMAGE}
 * container when a Docker engine answers, else skipped with a message. Detection, the index the adapter
 * creates (similarity, filter fields), searches against the exact scan (same scores and distances,
 * recall), declared and undeclared filters, and the paths of metrics {@code $vectorSearch} does not
 * serve. The index is eventually consistent: each test waits until a search sees what it inserted.
 */
class MongoAtlasVectorSearchIT {
    @RegisterExtension
    static final MongoTestSupport SUPPORT = MongoTestSupport.optional("MONGODB_ATLAS", MongoAtlasVectorSearchIT::containerUrl);

    private static final int N = 300;
    private static final int DIM = 16;

    /** A separate method so that {@link MongoAtlasLocal} (and Testcontainers) loads only when called. */
    static String containerUrl() {
        return MongoAtlasLocal.url();
    }

    private String url;
    private AgentDB db;

    @BeforeEach
    void open() {
        url = SUPPORT.newDatabaseUrl();
        db = AgentDB.open(AgentDBConfig.builder(url).property(MongoVectorSearch.FILTER_FIELDS_PROPERTY, "bucket")
                .property(MongoVectorSearch.FILTER_FIELDS_PROPERTY + ".docs", "lang").build());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private VectorCollection populate(String name, Metric metric) {
        VectorCollection docs = db.createCollection(name, CollectionSpec.of(DIM, metric));
        float[][] vectors = TestVectors.clustered(N, DIM, 6, 0.3, 77);
        List<VectorRecord> records = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            records.add(new VectorRecord(String.format("r%04d", i), vectors[i], Map.of("bucket", (long) (i % 10),
                    "lang", i % 3 == 0 ? "de" : "en", "topic", i % 2 == 0 ? "a" : "b"), null, null));
        }
        docs.insertBatch(records);
        awaitIndexed(docs);
        return docs;
    }

    /** Waits (at most 60 s) until an unfiltered search returns every record: the search index caught up. */
    private static void awaitIndexed(VectorCollection docs) {
        long deadline = System.currentTimeMillis() + 60_000;
        float[] q = new float[DIM];
        q[0] = 1f;
        while (docs.search(SearchRequest.builder(q).k(N).efSearch(N + 8).build()).size() < N) {
            assertThat(System.currentTimeMillis()).as("the search index caught up within 60 s").isLessThan(deadline);
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static List<String> ids(List<SearchResult> results) {
        return results.stream().map(SearchResult::id).toList();
    }

    @Test
    void should_detect_vector_search_create_the_index_with_filter_fields_and_report_the_path() {
        MongoDeployment deployment = ((MongoAdapter) db.adapter()).deployment();
        assertThat(deployment.vectorSearch()).as(deployment.vectorSearchDetail()).isTrue();
        VectorCollection docs = populate("docs", Metric.COSINE);
        assertThat(docs.stats().indexImplementation()).isEqualTo(MongoVectorSearch.IMPLEMENTATION);
        assertThat(docs.stats().indexedCount()).isEqualTo(N);
        try (MongoClient client = MongoClients.create(url)) {
            var database = client.getDatabase(url.substring(url.lastIndexOf('/') + 1, url.contains("?") ? url.indexOf('?') : url.length()));
            Document index = database.getCollection("docs").listSearchIndexes().name(MongoVectorSearch.INDEX_NAME).first();
            MongoVectorSearch.IndexInfo info = MongoVectorSearch.indexInfo(index);
            assertThat(info.queryable()).isTrue();
            assertThat(info.similarity()).isEqualTo("cosine");
            assertThat(info.numDimensions()).isEqualTo(DIM);
            assertThat(info.filterPaths()).containsExactlyInAnyOrder("bucket", "lang");
            assertThat(database.getCollection(MongoRegistry.COLLECTIONS).find(new Document("_id", "docs")).first()
                    .getString(MongoRegistry.INDEX_IMPLEMENTATION)).isEqualTo(MongoVectorSearch.IMPLEMENTATION);
        }
        assertThat(db.createCollection("ip", CollectionSpec.of(DIM, Metric.INNER_PRODUCT)).stats().indexImplementation())
                .as("dotProduct needs unit vectors: inner product stays in-house").isEqualTo(CollectionStats.IN_HOUSE);
    }

    @Test
    void should_return_exact_scores_and_near_exact_neighbours_for_cosine_and_l2() {
        for (Metric metric : List.of(Metric.COSINE, Metric.L2)) {
            VectorCollection docs = populate("m_" + metric.wireName(), metric);
            int hits = 0;
            int total = 0;
            for (float[] q : TestVectors.uniform(10, DIM, 78)) {
                List<SearchResult> approx = docs.search(SearchRequest.builder(q).k(10).efSearch(200).build());
                List<SearchResult> exact = docs.search(SearchRequest.builder(q).k(10).exact(true).build());
                assertThat(approx).hasSize(10);
                for (SearchResult r : approx) {
                    float[] v = docs.get(r.id()).orElseThrow().embedding();
                    assertThat(r.distance()).as("re-scored exactly").isCloseTo(metric.distance(q, v), within(1e-6));
                    assertThat(r.score()).isCloseTo(metric.scoreOf(r.distance()), within(1e-12));
                }
                for (int i = 1; i < approx.size(); i++) {
                    assertThat(approx.get(i).distance()).isGreaterThanOrEqualTo(approx.get(i - 1).distance());
                }
                Set<String> truth = new HashSet<>(ids(exact));
                hits += (int) ids(approx).stream().filter(truth::contains).count();
                total += 10;
            }
            assertThat((double) hits / total).as(metric + " recall@10").isGreaterThanOrEqualTo(0.9);
        }
    }

    @Test
    void should_apply_declared_filters_in_the_index_and_answer_undeclared_ones_exactly() {
        VectorCollection docs = populate("docs", Metric.COSINE);
        float[] q = TestVectors.uniform(1, DIM, 79)[0];
        for (Filter f : List.of(Filter.eq("lang", "de"), Filter.and(Filter.eq("bucket", 3L), Filter.eq("lang", "en")),
                Filter.in("bucket", List.of(1L, 2L)), Filter.gt("bucket", 7L))) {
            List<SearchResult> found = docs.search(SearchRequest.builder(q).k(10).efSearch(300).filter(f).build());
            List<SearchResult> exact = docs.search(SearchRequest.builder(q).k(10).exact(true).filter(f).build());
            assertThat(found).as(f.toJson()).allSatisfy(r -> assertThat(f.test(r.metadata())).isTrue());
            assertThat(ids(found)).as(f.toJson()).containsExactlyElementsOf(ids(exact));
        }
        Filter undeclared = Filter.eq("topic", "a");
        assertThat(ids(docs.search(SearchRequest.builder(q).k(10).filter(undeclared).build())))
                .as("an undeclared path: the exact scan of the matching documents")
                .containsExactlyElementsOf(ids(docs.search(SearchRequest.builder(q).k(10).exact(true).filter(undeclared).build())));
        Filter mixed = Filter.and(Filter.eq("lang", "en"), Filter.ne("topic", "a"));
        assertThat(ids(docs.search(SearchRequest.builder(q).k(10).efSearch(300).filter(mixed).build())))
                .containsExactlyElementsOf(ids(docs.search(SearchRequest.builder(q).k(10).exact(true).filter(mixed).build())));
    }

    @Test
    void should_use_the_index_from_a_read_only_handle() {
        VectorCollection docs = populate("docs", Metric.COSINE);
        float[] q = TestVectors.uniform(1, DIM, 80)[0];
        try (AgentDB ro = AgentDB.open(AgentDBConfig.builder(url).readOnly(true).build())) {
            VectorCollection seen = ro.collection("docs");
            assertThat(seen.stats().indexImplementation()).isEqualTo(MongoVectorSearch.IMPLEMENTATION);
            assertThat(ids(seen.search(SearchRequest.builder(q).k(5).efSearch(300).build())))
                    .containsExactlyElementsOf(ids(docs.search(SearchRequest.builder(q).k(5).efSearch(300).build())));
        }
    }

    @Test
    void should_throw_the_typed_timeout_when_the_index_is_not_queryable_in_time_and_scan_exactly_meanwhile() {
        try (AgentDB impatient = AgentDB.open(AgentDBConfig.builder(url).property(MongoVectorSearch.READY_TIMEOUT_PROPERTY, "1").build())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> impatient.createCollection("slow", CollectionSpec.of(DIM, Metric.L2)))
                    .isInstanceOfSatisfying(SearchIndexTimeoutException.class, e -> {
                        assertThat(e.collection()).isEqualTo("slow");
                        assertThat(e.index()).isEqualTo(MongoVectorSearch.INDEX_NAME);
                        assertThat(e.waitedMs()).isGreaterThanOrEqualTo(1);
                    });
            VectorCollection slow = impatient.collection("slow");
            float[] v = new float[DIM];
            v[0] = 1f;
            slow.insert(VectorRecord.of("a", v, null));
            assertThat(ids(slow.search(v, 1))).as("answered whatever the index's state").containsExactly("a");
        }
    }

    @Test
    void should_add_filter_fields_a_later_open_declares() {
        populate("docs", Metric.COSINE);
        try (AgentDB later = AgentDB.open(AgentDBConfig.builder(url).property(MongoVectorSearch.FILTER_FIELDS_PROPERTY + ".docs", "topic")
                .build())) {
            float[] q = TestVectors.uniform(1, DIM, 81)[0];
            Filter topic = Filter.eq("topic", "a");
            List<SearchResult> found = later.collection("docs").search(SearchRequest.builder(q).k(10).efSearch(300).filter(topic).build());
            assertThat(ids(found)).containsExactlyElementsOf(ids(later.collection("docs").search(SearchRequest.builder(q).k(10).exact(true)
                    .filter(topic).build())));
            try (MongoClient client = MongoClients.create(url)) {
                var database = client.getDatabase(url.substring(url.lastIndexOf('/') + 1, url.contains("?") ? url.indexOf('?') : url.length()));
                MongoVectorSearch.IndexInfo info = MongoVectorSearch.indexInfo(database.getCollection("docs").listSearchIndexes()
                        .name(MongoVectorSearch.INDEX_NAME).first());
                assertThat(info.filterPaths()).as("kept and added").contains("bucket", "lang", "topic");
            }
        }
    }
}
