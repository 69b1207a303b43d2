package dev.agentdb.compat;

import dev.agentdb.CollectionSpec;
import dev.agentdb.IndexParams;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Limits;
import dev.agentdb.UnsupportedFeatureException;
import dev.agentdb.spi.Capability;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.agentdb.compat.Records.ids;
import static dev.agentdb.compat.TestVectors.vec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * Contract: k-NN search. ANN results are compared with the backend's exact scan and with a naive
 * Java k-NN ({@link TestVectors}); scores and distances follow {@link Metric} to 1e-5; ordering,
 * thresholds, filters with k (also when only 1% or 10% of 5,000 records match: recall@10 >= 0.95
 * against exact filtered search), vectors in results, metric overrides, per-request efSearch;
 * IVFFlat collections where the backend declares {@link Capability#IVFFLAT_INDEX} (exact answers
 * when every list is probed, per-request probes, the spec read back), and their refusal with
 * {@link UnsupportedFeatureException} where it does not.
 */
public interface SearchContract extends CompatFixture {
    /** Size of the recall corpus. */
    int RECALL_N = 2_000;
    /** Dimension of the recall corpus. */
    int RECALL_DIM = 32;
    /** Neighbours compared for recall. */
    int RECALL_K = 10;
    /** Queries averaged for recall. */
    int RECALL_QUERIES = 40;
    /** The recall every backend must reach with its default index parameters. */
    double MIN_RECALL = 0.95;

    /** Size of the low-selectivity corpus (1% of it is 50 records, 10% is 500). */
    int SELECTIVE_N = 5_000;
    /** Dimension of the low-selectivity corpus. */
    int SELECTIVE_DIM = 16;
    /** Queries averaged per filter in the low-selectivity test. */
    int SELECTIVE_QUERIES = 20;

    private static float[][] queriesNear(float[][] corpus, int n, long seed) {
        Random random = new Random(seed);
        float[][] out = new float[n][];
        for (int q = 0; q < n; q++) {
            float[] base = corpus[random.nextInt(corpus.length)];
            out[q] = new float[base.length];
            for (int j = 0; j < base.length; j++) {
                out[q][j] = (float) (base[j] + 0.2 * random.nextGaussian());
            }
        }
        return out;
    }

    private static void assertOrderedAndScored(List<SearchResult> results, Metric metric, Corpus corpus, float[] query) {
        for (int i = 0; i < results.size(); i++) {
            SearchResult r = results.get(i);
            float[] v = corpus.vector(r.id());
            double distance = TestVectors.distance(metric, query, v);
            double score = TestVectors.score(metric, query, v);
            assertThat(TestVectors.close(distance, r.distance()))
                    .as("%s distance of %s: expected %s, got %s", metric, r.id(), distance, r.distance()).isTrue();
            assertThat(TestVectors.close(score, r.score()))
                    .as("%s score of %s: expected %s, got %s", metric, r.id(), score, r.score()).isTrue();
            assertThat(TestVectors.close(metric.scoreOf(r.distance()), r.score()))
                    .as("score = Metric.scoreOf(distance) for %s", r.id()).isTrue();
            if (i > 0) {
                SearchResult p = results.get(i - 1);
                assertThat(p.distance()).as("distance ascending at %d", i).isLessThanOrEqualTo(r.distance());
                assertThat(p.score()).as("score descending at %d", i).isGreaterThanOrEqualTo(r.score());
            }
        }
    }

    /**
     * Exact search equals the naive k-NN and ANN reaches recall@10 &gt;= {@value #MIN_RECALL}, with
     * scores and distances per metric.
     *
     * @param metric the metric
     */
    @ParameterizedTest
    @EnumSource(Metric.class)
    default void should_reach_recall_at_10_against_exact_scan(Metric metric) {
        float[][] vectors = TestVectors.clustered(RECALL_N, RECALL_DIM, 20, 0.35, 42);
        Corpus corpus = insertCorpus("recall", CollectionSpec.of(RECALL_DIM, metric), vectors);
        float[][] queries = queriesNear(vectors, RECALL_QUERIES, 43);

        double recallSum = 0;
        for (float[] q : queries) {
            List<String> truth = TestVectors.exactNearest(metric, corpus.ids, vectors, q, RECALL_K);
            List<SearchResult> exact = corpus.collection.search(SearchRequest.builder(q).k(RECALL_K).exact(true).build());
            List<SearchResult> ann = corpus.collection.search(SearchRequest.builder(q).k(RECALL_K).build());

            assertThat(ids(exact)).as("exact search equals the naive k-NN").containsExactlyElementsOf(truth);
            assertOrderedAndScored(exact, metric, corpus, q);
            assertThat(ann).hasSize(RECALL_K);
            assertThat(ids(ann)).doesNotHaveDuplicates();
            assertOrderedAndScored(ann, metric, corpus, q);
            recallSum += TestVectors.recall(truth, ids(ann));
        }
        double recall = recallSum / queries.length;
        assertThat(recall).as("mean recall@%d of %s over %d queries", RECALL_K, metric, queries.length)
                .isGreaterThanOrEqualTo(MIN_RECALL);
    }

    /**
     * Results come nearest first, with the score and distance of the metric; a stored vector is its
     * own nearest neighbour.
     *
     * @param metric the metric
     */
    @ParameterizedTest
    @EnumSource(Metric.class)
    default void should_return_nearest_first_with_scores_per_metric_definition(Metric metric) {
        float[][] vectors = TestVectors.uniform(300, 16, 11);
        Corpus corpus = insertCorpus("docs", CollectionSpec.of(16, metric), vectors);

        for (int q = 0; q < 5; q++) {
            float[] query = vectors[q * 37];
            for (boolean exact : new boolean[] {true, false}) {
                List<SearchResult> results = corpus.collection.search(SearchRequest.builder(query).k(20).exact(exact).build());
                assertThat(results).hasSize(20);
                assertOrderedAndScored(results, metric, corpus, query);
                if (metric != Metric.INNER_PRODUCT) {
                    assertThat(results.get(0).id()).as("a stored vector is its own nearest neighbour")
                            .isEqualTo(corpus.ids.get(q * 37));
                }
                List<String> truth = TestVectors.exactNearest(metric, corpus.ids, vectors, query, 20);
                if (exact) {
                    assertThat(ids(results)).containsExactlyElementsOf(truth);
                } else {
                    assertThat(TestVectors.recall(truth, ids(results))).as("recall@20").isGreaterThanOrEqualTo(0.9);
                }
            }
        }
    }

    /**
     * Scores and distances match the metric definitions on known vectors.
     */
    @Test
    default void should_match_metric_definitions_on_known_vectors() {
        VectorCollection cos = createCollection("cos", 2, Metric.COSINE);
        VectorCollection l2 = createCollection("euclid", 2, Metric.L2);
        VectorCollection ip = createCollection("dot", 2, Metric.INNER_PRODUCT);
        for (VectorCollection c : List.of(cos, l2, ip)) {
            c.insert(VectorRecord.of("x", vec(3, 4), null));
            awaitSearchable(c, 1);
        }
        float[] query = vec(4, 3);

        SearchResult rc = cos.search(SearchRequest.builder(query).k(1).exact(true).build()).get(0);
        SearchResult rl = l2.search(SearchRequest.builder(query).k(1).exact(true).build()).get(0);
        SearchResult ri = ip.search(SearchRequest.builder(query).k(1).exact(true).build()).get(0);

        assertThat(rc.score()).isCloseTo(24.0 / 25.0, within(1e-6));
        assertThat(rc.distance()).isCloseTo(1.0 / 25.0, within(1e-6));
        assertThat(rl.distance()).isCloseTo(Math.sqrt(2.0), within(1e-6));
        assertThat(rl.score()).isCloseTo(1.0 / (1.0 + Math.sqrt(2.0)), within(1e-6));
        assertThat(ri.score()).isCloseTo(24.0, within(1e-5));
        assertThat(ri.distance()).isCloseTo(-24.0, within(1e-5));
    }

    /**
     * The cosine similarity of a zero vector is 0 (distance 1).
     */
    @Test
    default void should_define_cosine_of_zero_vector_as_zero() {
        VectorCollection c = createCollection("docs", 3, Metric.COSINE);
        c.insert(VectorRecord.of("zero", vec(0, 0, 0), null));
        c.insert(VectorRecord.of("x", vec(1, 0, 0), null));

        awaitSearchable(c, 2);
        for (boolean exact : new boolean[] {true, false}) {
            List<SearchResult> results = c.search(SearchRequest.builder(vec(0, 1, 0)).k(2).exact(exact).build());
            assertThat(results).extracting(SearchResult::id).containsExactlyInAnyOrder("zero", "x");
            for (SearchResult r : results) {
                assertThat(r.score()).as("score of %s (exact=%s)", r.id(), exact).isCloseTo(0.0, within(1e-6));
                assertThat(r.distance()).as("distance of %s", r.id()).isCloseTo(1.0, within(1e-6));
            }
            assertThat(ids(results)).as("ties broken by id").containsExactly("x", "zero");
        }
    }

    /**
     * Equal distances are ordered by id.
     */
    @Test
    default void should_break_distance_ties_by_id() {
        VectorCollection c = createCollection("docs", 3, Metric.L2);
        for (String id : List.of("d3", "d1", "far", "d2")) {
            c.insert(VectorRecord.of(id, id.equals("far") ? vec(9, 9, 9) : vec(1, 1, 1), null));
        }

        awaitSearchable(c, 4);
        for (boolean exact : new boolean[] {true, false}) {
            List<SearchResult> results = c.search(SearchRequest.builder(vec(1, 1, 2)).k(4).exact(exact).build());
            assertThat(ids(results)).as("exact=%s", exact).containsExactly("d1", "d2", "d3", "far");
        }
    }

    /**
     * Results scoring below the threshold are dropped.
     */
    @Test
    default void should_drop_results_scoring_below_threshold() {
        float[][] vectors = TestVectors.uniform(200, 8, 5);
        Corpus corpus = insertCorpus("docs", CollectionSpec.of(8, Metric.L2), vectors);
        float[] query = vectors[3];
        List<SearchResult> all = corpus.collection.search(SearchRequest.builder(query).k(50).exact(true).build());
        double threshold = (all.get(19).score() + all.get(20).score()) / 2;

        List<SearchResult> exact = corpus.collection.search(
                SearchRequest.builder(query).k(50).exact(true).threshold(threshold).build());
        List<SearchResult> ann = corpus.collection.search(SearchRequest.builder(query).k(50).threshold(threshold).build());
        List<SearchResult> v1 = corpus.collection.search(query, 50, Metric.L2, threshold);

        assertThat(ids(exact)).containsExactlyElementsOf(ids(all).subList(0, 20));
        assertThat(ann).isNotEmpty().allSatisfy(r -> assertThat(r.score()).isGreaterThanOrEqualTo(threshold));
        assertThat(ids(all).subList(0, 20)).containsAll(ids(ann));
        assertThat(v1).allSatisfy(r -> assertThat(r.score()).isGreaterThanOrEqualTo(threshold));
        assertThat(corpus.collection.search(SearchRequest.builder(query).k(5).threshold(1.5).build()))
                .as("an L2 score never exceeds 1").isEmpty();
    }

    /**
     * A filtered search returns k matching results when at least k match, with recall@10 &gt;= 0.9.
     */
    @Test
    default void should_return_k_matching_results_when_filter_matches_at_least_k() {
        float[][] vectors = TestVectors.clustered(1_000, 16, 10, 0.4, 8);
        Corpus corpus = insertCorpus("docs", CollectionSpec.of(16, Metric.COSINE), vectors);
        float[][] queries = queriesNear(vectors, 10, 9);
        List<String> bucket7 = new ArrayList<>();
        List<float[]> bucket7Vectors = new ArrayList<>();
        for (int i = 7; i < vectors.length; i += 50) {
            bucket7.add(corpus.ids.get(i));
            bucket7Vectors.add(vectors[i]);
        }

        double recallSum = 0;
        for (float[] q : queries) {
            List<SearchResult> results = corpus.collection.search(q, 10, Filter.eq("bucket", 7));
            assertThat(results).as("k results while %d records match", bucket7.size()).hasSize(10);
            assertThat(results).allSatisfy(r -> assertThat(r.metadata()).containsEntry("bucket", 7L));
            List<String> truth = TestVectors.exactNearest(Metric.COSINE, bucket7,
                    bucket7Vectors.toArray(new float[0][]), q, 10);
            List<SearchResult> exact = corpus.collection.search(
                    SearchRequest.builder(q).k(10).filter(Filter.eq("bucket", 7)).exact(true).build());
            assertThat(ids(exact)).containsExactlyElementsOf(truth);
            recallSum += TestVectors.recall(truth, ids(results));
        }
        assertThat(recallSum / queries.length).as("recall@10 of filtered search").isGreaterThanOrEqualTo(0.9);
    }

    /**
     * Filtered ANN reaches recall@10 &gt;= {@value #MIN_RECALL} against exact filtered search when 1%
     * or 10% of the records match.
     */
    @Test
    default void should_reach_recall_at_10_when_filter_matches_one_or_ten_percent() {
        float[][] vectors = TestVectors.clustered(SELECTIVE_N, SELECTIVE_DIM, 20, 0.35, 61);
        Corpus corpus = insertCorpus("selective", CollectionSpec.of(SELECTIVE_DIM, Metric.COSINE), vectors,
                i -> Map.of("i", (long) i, "pct", (long) (i % 100)));
        float[][] queries = queriesNear(vectors, SELECTIVE_QUERIES, 62);

        Map<String, Filter> filters = new LinkedHashMap<>();
        filters.put("1% (pct = 7)", Filter.eq("pct", 7L));
        filters.put("10% (pct < 10)", Filter.lt("pct", 10L));
        filters.forEach((label, filter) -> {
            List<String> matchIds = new ArrayList<>();
            List<float[]> matchVectors = new ArrayList<>();
            for (int i = 0; i < vectors.length; i++) {
                if (filter.test(Map.of("pct", (long) (i % 100)))) {
                    matchIds.add(corpus.ids.get(i));
                    matchVectors.add(vectors[i]);
                }
            }
            assertThat(corpus.collection.count(filter)).as("records matching %s", label).isEqualTo(matchIds.size());
            double recallSum = 0;
            for (float[] q : queries) {
                List<String> truth = TestVectors.exactNearest(Metric.COSINE, matchIds,
                        matchVectors.toArray(new float[0][]), q, RECALL_K);
                List<SearchResult> exact = corpus.collection.search(
                        SearchRequest.builder(q).k(RECALL_K).filter(filter).exact(true).build());
                List<SearchResult> ann = corpus.collection.search(q, RECALL_K, filter);

                assertThat(ids(exact)).as("exact filtered search, %s", label).containsExactlyElementsOf(truth);
                assertThat(ann).as("ANN filtered search returns k results, %s", label).hasSize(RECALL_K);
                assertThat(ids(ann)).doesNotHaveDuplicates().allSatisfy(id -> assertThat(matchIds).contains(id));
                recallSum += TestVectors.recall(truth, ids(ann));
            }
            assertThat(recallSum / queries.length).as("mean recall@%d of filtered ANN when %s match", RECALL_K, label)
                    .isGreaterThanOrEqualTo(MIN_RECALL);
        });
    }

    /**
     * A filtered search returns every match when fewer than k match.
     */
    @Test
    default void should_return_every_match_when_filter_matches_fewer_than_k() {
        float[][] vectors = TestVectors.clustered(1_000, 16, 10, 0.4, 18);
        Corpus corpus = insertCorpus("docs", CollectionSpec.of(16, Metric.COSINE), vectors);
        corpus.collection.upsertBatch(List.of(
                VectorRecord.of("r0013", vectors[13], Map.of("rare", true)),
                VectorRecord.of("r0456", vectors[456], Map.of("rare", true)),
                VectorRecord.of("r0789", vectors[789], Map.of("rare", true)),
                VectorRecord.of("r0999", vectors[999], Map.of("rare", true)),
                VectorRecord.of("r0500", vectors[500], Map.of("rare", true))));

        awaitSearchable(corpus.collection, vectors.length);
        for (float[] q : queriesNear(vectors, 5, 19)) {
            List<SearchResult> results = corpus.collection.search(q, 10, Filter.eq("rare", true));
            assertThat(ids(results)).containsExactlyInAnyOrder("r0013", "r0456", "r0500", "r0789", "r0999");
            assertThat(results).allSatisfy(r -> assertThat(r.metadata()).containsEntry("rare", true));
        }
    }

    /**
     * Results carry their embeddings only when {@code includeVectors} asks.
     */
    @Test
    default void should_include_vectors_only_when_asked() {
        VectorCollection c = createCollection("docs", 3, Metric.COSINE);
        c.insert(new VectorRecord("a", vec(0.1f, 0.2f, 0.3f), Map.of("k", "v"), "text a", 7L));

        awaitSearchable(c, 1);
        SearchResult with = c.search(SearchRequest.builder(vec(1, 1, 1)).k(1).includeVectors(true).build()).get(0);
        SearchResult without = c.search(SearchRequest.builder(vec(1, 1, 1)).k(1).build()).get(0);
        SearchResult exactWith = c.search(SearchRequest.builder(vec(1, 1, 1)).k(1).includeVectors(true).exact(true).build()).get(0);

        assertThat(with.embedding()).containsExactly(0.1f, 0.2f, 0.3f);
        assertThat(exactWith.embedding()).containsExactly(0.1f, 0.2f, 0.3f);
        assertThat(without.embedding()).isNull();
        assertThat(with.metadata()).containsEntry("k", "v");
        assertThat(with.text()).isEqualTo("text a");
    }

    /**
     * A result's metadata is an unmodifiable JSON object ({@link SearchResult}), through the index and
     * through an exact scan.
     */
    @Test
    default void should_return_unmodifiable_metadata() {
        VectorCollection c = createCollection("docs", 3, Metric.COSINE);
        c.insert(new VectorRecord("a", vec(0.1f, 0.2f, 0.3f), Map.of("k", "v"), null, 7L));

        awaitSearchable(c, 1);
        SearchResult indexed = c.search(SearchRequest.builder(vec(1, 1, 1)).k(1).build()).get(0);
        SearchResult exact = c.search(SearchRequest.builder(vec(1, 1, 1)).k(1).exact(true).build()).get(0);

        for (SearchResult r : List.of(indexed, exact)) {
            assertThat(r.metadata()).containsEntry("k", "v");
            assertThatThrownBy(() -> r.metadata().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    /**
     * A search with another metric than the collection's answers exactly in that metric.
     *
     * @param override the metric of the search
     */
    @ParameterizedTest
    @EnumSource(value = Metric.class, names = {"L2", "INNER_PRODUCT"})
    default void should_answer_metric_override_exactly(Metric override) {
        float[][] vectors = TestVectors.uniform(400, 12, 21);
        Corpus corpus = insertCorpus("docs", CollectionSpec.of(12, Metric.COSINE), vectors);

        for (float[] q : queriesNear(vectors, 5, 22)) {
            List<SearchResult> results = corpus.collection.search(SearchRequest.builder(q).k(15).metric(override).build());
            assertThat(ids(results)).containsExactlyElementsOf(
                    TestVectors.exactNearest(override, corpus.ids, vectors, q, 15));
            assertOrderedAndScored(results, override, corpus, q);
        }
    }

    /**
     * A per-request efSearch is honoured: below k it still yields k results, a wide one finds the
     * exact neighbours.
     */
    @Test
    default void should_accept_efsearch_per_request() {
        float[][] vectors = TestVectors.clustered(500, 8, 5, 0.3, 31);
        Corpus corpus = insertCorpus("docs", CollectionSpec.of(8, Metric.L2), vectors);
        float[] q = queriesNear(vectors, 1, 32)[0];
        List<String> truth = TestVectors.exactNearest(Metric.L2, corpus.ids, vectors, q, 10);

        List<SearchResult> low = corpus.collection.search(SearchRequest.builder(q).k(10).efSearch(1).build());
        List<SearchResult> high = corpus.collection.search(SearchRequest.builder(q).k(10).efSearch(1_000).build());

        assertThat(low).as("efSearch below k still yields k results (effective ef = max(ef, k))").hasSize(10);
        assertThat(ids(high)).as("a wide efSearch finds the exact neighbours on 500 points").containsExactlyElementsOf(truth);
        assertOrderedAndScored(low, Metric.L2, corpus, q);
    }

    /**
     * With k above the number of records, every record is returned.
     */
    @Test
    default void should_return_count_results_when_k_exceeds_count() {
        VectorCollection c = createCollection("docs", 4, Metric.COSINE);
        float[][] vectors = TestVectors.uniform(7, 4, 3);
        for (int i = 0; i < vectors.length; i++) {
            c.insert(VectorRecord.of("v" + i, vectors[i], null));
        }

        awaitSearchable(c, vectors.length);
        assertThat(c.search(vectors[0], 50)).hasSize(7);
        assertThat(c.search(SearchRequest.builder(vectors[0]).k(50).exact(true).build())).hasSize(7);
        assertThat(c.search(vectors[0], 1)).extracting(SearchResult::id).containsExactly("v0");
    }

    /**
     * A FLAT collection answers exactly.
     */
    @Test
    default void should_search_flat_collection_exactly() {
        float[][] vectors = TestVectors.uniform(300, 8, 41);
        Corpus corpus = insertCorpus("flat", new CollectionSpec(8, Metric.INNER_PRODUCT, IndexParams.flat()), vectors);

        for (float[] q : queriesNear(vectors, 3, 42)) {
            assertThat(ids(corpus.collection.search(q, 10)))
                    .containsExactlyElementsOf(TestVectors.exactNearest(Metric.INNER_PRODUCT, corpus.ids, vectors, q, 10));
        }
    }

    /**
     * Records inserted after earlier searches are found.
     */
    @Test
    default void should_find_records_inserted_after_earlier_searches() {
        float[][] vectors = TestVectors.uniform(200, 8, 51);
        Corpus corpus = insertCorpus("docs", CollectionSpec.of(8, Metric.COSINE), vectors);
        corpus.collection.search(vectors[0], 5);

        float[] fresh = vec(10, -10, 10, -10, 10, -10, 10, -10);
        corpus.collection.insert(VectorRecord.of("fresh", fresh, null));

        awaitSearchable(corpus.collection, vectors.length + 1);
        assertThat(corpus.collection.search(fresh, 1)).extracting(SearchResult::id).containsExactly("fresh");
    }

    /**
     * An IVFFLAT collection answers exactly when every list is probed, and per-request probes are
     * honoured ({@code IVFFLAT_INDEX}).
     *
     * @param metric the metric
     */
    @ParameterizedTest
    @EnumSource(Metric.class)
    default void should_answer_ivfflat_search_exactly_when_probes_cover_every_list(Metric metric) {
        assumeCapability(Capability.IVFFLAT_INDEX);
        float[][] vectors = TestVectors.clustered(RECALL_N, RECALL_DIM, 20, 0.35, 52);
        CollectionSpec spec = CollectionSpec.builder(RECALL_DIM).metric(metric).indexType(IndexParams.IndexType.IVFFLAT)
                .lists(16).probes(16).build();
        Corpus corpus = insertCorpus("ivf", spec, vectors);
        float[][] queries = queriesNear(vectors, 20, 53);

        assertThat(db().collection("ivf").spec()).isEqualTo(spec);
        double fewProbesRecall = 0;
        for (float[] q : queries) {
            List<String> truth = TestVectors.exactNearest(metric, corpus.ids, vectors, q, RECALL_K);
            List<SearchResult> all = corpus.collection.search(SearchRequest.builder(q).k(RECALL_K).build());
            List<SearchResult> one = corpus.collection.search(SearchRequest.builder(q).k(RECALL_K).probes(1).build());

            assertThat(ids(all)).as("probes = lists visits every list: exact").containsExactlyElementsOf(truth);
            assertOrderedAndScored(all, metric, corpus, q);
            assertThat(ids(one)).doesNotHaveDuplicates();
            assertOrderedAndScored(one, metric, corpus, q);
            fewProbesRecall += TestVectors.recall(truth, ids(one));
        }
        assertThat(fewProbesRecall / queries.length).as("recall@%d of %s with one probe of 16 lists", RECALL_K, metric)
                .isGreaterThan(0.3).isLessThanOrEqualTo(1.0);
    }

    /**
     * An IVFFLAT spec and its answers survive reopening ({@code IVFFLAT_INDEX}, {@code DURABLE}).
     */
    @Test
    default void should_keep_ivfflat_spec_and_answers_after_reopen() {
        assumeCapability(Capability.IVFFLAT_INDEX);
        assumeCapability(Capability.DURABLE);
        float[][] vectors = TestVectors.clustered(600, 8, 6, 0.3, 61);
        CollectionSpec spec = CollectionSpec.builder(8).metric(Metric.L2).indexType(IndexParams.IndexType.IVFFLAT)
                .lists(8).probes(3).build();
        Corpus corpus = insertCorpus("ivf_keep", spec, vectors);
        float[] q = vectors[17];

        reopen();
        VectorCollection again = db().collection("ivf_keep");
        assertThat(again.spec()).isEqualTo(spec);
        assertThat(again.stats().index()).isEqualTo(spec.index());
        List<SearchResult> hits = again.search(SearchRequest.builder(q).k(5).probes(8).build());
        assertThat(ids(hits)).containsExactlyElementsOf(TestVectors.exactNearest(Metric.L2, corpus.ids, vectors, q, 5));
        assertThat(db().createCollection("ivf_keep", spec).spec()).as("re-creating with the same spec is idempotent").isEqualTo(spec);
    }

    /**
     * Without {@code IVFFLAT_INDEX}, creating an IVFFLAT collection throws {@code
     * UnsupportedFeatureException} and creates nothing.
     */
    @Test
    default void should_refuse_ivfflat_collections_without_the_capability() {
        assumeLacks(Capability.IVFFLAT_INDEX);
        CollectionSpec spec = CollectionSpec.builder(4).indexType(IndexParams.IndexType.IVFFLAT).lists(4).probes(2).build();

        UnsupportedFeatureException e = catchThrowableOfType(UnsupportedFeatureException.class,
                () -> db().createCollection("ivf", spec));

        assertThat(e).as("IVFFLAT on a backend without %s", Capability.IVFFLAT_INDEX).isNotNull();
        assertThat(e.capability()).isEqualTo(Capability.IVFFLAT_INDEX);
        assertThat(db().hasCollection("ivf")).isFalse();
    }

    /**
     * Per-request probes out of range are refused on every index type; in range, HNSW ignores them.
     *
     * @param probes the refused probes
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, -1, Limits.MAX_LISTS + 1})
    default void should_refuse_per_request_probes_out_of_range_on_every_index_type(int probes) {
        VectorCollection c = createCollection("docs", 2, Metric.L2);
        c.insert(VectorRecord.of("a", vec(1f, 0f), null));

        InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
                () -> c.search(SearchRequest.builder(vec(1f, 0f)).k(1).probes(probes).build()));

        assertThat(e.field()).isEqualTo("probes");
        assertThat(e).hasMessageContaining(String.valueOf(Limits.MAX_LISTS));
        awaitSearchable(c, 1);
        assertThat(ids(c.search(SearchRequest.builder(vec(1f, 0f)).k(1).probes(3).build())))
                .as("probes is ignored by an HNSW collection").containsExactly("a");
    }
}
