package dev.agentdb.compat;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionSpec;
import dev.agentdb.IndexParams;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Metric;
import dev.agentdb.NotFoundException;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.UnsupportedFeatureException;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.spi.Capability;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.agentdb.compat.Records.ids;
import static dev.agentdb.compat.TestVectors.vec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Contract: {@code reindex} replaces a collection's index with one built over its current records
 * with new parameters. The spec reads back the new parameters (also after reopening on durable
 * backends), records are unchanged, a FLAT collection answers exactly, a rebuilt HNSW index reaches
 * recall@10 &gt;= {@value #REINDEX_MIN_RECALL} and keeps indexing later writes; refused calls
 * ({@link NotFoundException}, {@link InvalidInputException}, {@link UnsupportedFeatureException} for
 * IVFFLAT without {@link Capability#IVFFLAT_INDEX}) leave the old spec in place, and so does a
 * reindex inside a transaction that rolls back (with {@link Capability#TRANSACTIONS}).
 */
public interface ReindexContract extends CompatFixture {
    /** Records in the reindexed corpus. */
    int REINDEX_N = 300;
    /** Their dimension. */
    int REINDEX_DIM = 16;
    /** The recall@10 a rebuilt HNSW index must reach against the exact answer. */
    double REINDEX_MIN_RECALL = 0.9;

    private Corpus corpus(String name, CollectionSpec spec) {
        return insertCorpus(name, spec, TestVectors.clustered(REINDEX_N, REINDEX_DIM, 8, 0.4, 71));
    }

    private static float[][] queries() {
        return TestVectors.uniform(15, REINDEX_DIM, 72);
    }

    /**
     * Waits until the corpus is searchable, then measures.
     *
     * @return mean recall@10 of the collection's default search against the naive exact answer
     */
    private double recall(Corpus corpus, Metric metric) {
        awaitSearchable(corpus.collection, corpus.ids.size());
        double sum = 0;
        float[][] queries = queries();
        for (float[] q : queries) {
            List<String> truth = TestVectors.exactNearest(metric, corpus.ids, corpus.vectors, q, 10);
            sum += TestVectors.recall(truth, ids(corpus.collection.search(q, 10)));
        }
        return sum / queries.length;
    }

    /** Waits until the corpus is searchable, then asserts that plain searches give the exact answers. */
    private void assertAnswersExactly(Corpus corpus, Metric metric) {
        awaitSearchable(corpus.collection, corpus.ids.size());
        for (float[] q : queries()) {
            List<SearchResult> plain = corpus.collection.search(q, 10);
            List<SearchResult> exact = corpus.collection.search(SearchRequest.builder(q).k(10).exact(true).build());
            assertThat(ids(plain)).containsExactlyElementsOf(TestVectors.exactNearest(metric, corpus.ids, corpus.vectors, q, 10));
            assertThat(ids(plain)).containsExactlyElementsOf(ids(exact));
            for (int i = 0; i < plain.size(); i++) {
                assertThat(plain.get(i).distance()).isEqualTo(exact.get(i).distance());
            }
        }
    }

    /**
     * Reindexing HNSW to FLAT answers exactly, and back to HNSW with new parameters reaches the
     * recall bar; records are unchanged and later writes indexed.
     */
    @Test
    default void should_rebuild_hnsw_as_flat_and_back_with_new_parameters_over_the_same_records() {
        Corpus corpus = corpus("docs", CollectionSpec.of(REINDEX_DIM, Metric.COSINE));
        VectorCollection c = corpus.collection;
        VectorRecord sample = c.get("r0042").orElseThrow();

        CollectionSpec flat = c.reindex(IndexParams.flat());

        assertThat(flat).isEqualTo(new CollectionSpec(REINDEX_DIM, Metric.COSINE, IndexParams.flat()));
        assertThat(c.spec()).isEqualTo(flat);
        assertThat(db().collection("docs").stats().index()).isEqualTo(IndexParams.flat());
        assertAnswersExactly(corpus, Metric.COSINE);

        IndexParams small = IndexParams.hnsw(8, 64, 64);
        assertThat(c.reindex(small).index()).isEqualTo(small);
        assertThat(c.spec().index()).isEqualTo(small);
        assertThat(db().listCollections()).anySatisfy(info -> assertThat(info.spec().index()).isEqualTo(small));
        assertThat(recall(corpus, Metric.COSINE)).as("recall@10 after reindexing to HNSW(m=8, efConstruction=64)")
                .isGreaterThanOrEqualTo(REINDEX_MIN_RECALL);
        assertThat(c.count()).isEqualTo(REINDEX_N);
        assertThat(c.get("r0042").orElseThrow().embedding()).containsExactly(sample.embedding());
        CompatAssertions.assertSameJson(c.get("r0042").orElseThrow().metadata(), sample.metadata());

        // A new point among the others: an approximate index may leave a far outlier unreachable (MariaDB's
        // native index did, 2 of 200 times, for an all-7s vector at cosine distance 0.78 from its nearest
        // neighbour), which says nothing about whether writes after a reindex reach the index.
        float[] fresh = new float[REINDEX_DIM];
        for (int d = 0; d < REINDEX_DIM; d++) {
            fresh[d] = 0.8f * corpus.vectors[7][d] + 0.2f * corpus.vectors[123][d];
        }
        c.insert(VectorRecord.of("fresh", fresh, Map.of("new", true)));
        c.delete("r0000");
        awaitSearchable(c, REINDEX_N);
        assertThat(ids(c.search(fresh, 1))).as("a write after the reindex is indexed").containsExactly("fresh");
        assertThat(ids(c.search(corpus.vectors[0], 10))).as("a delete after the reindex is honoured").doesNotContain("r0000");
    }

    /**
     * Reindexing with another {@code m}, and again with the same parameters, keeps the recall bar.
     */
    @Test
    default void should_rebuild_hnsw_with_another_m_and_with_the_same_parameters() {
        Corpus corpus = corpus("docs", CollectionSpec.builder(REINDEX_DIM).metric(Metric.L2).build());
        VectorCollection c = corpus.collection;

        IndexParams wide = IndexParams.hnsw(32, 128, 80);
        assertThat(c.reindex(wide)).isEqualTo(new CollectionSpec(REINDEX_DIM, Metric.L2, wide));
        assertThat(recall(corpus, Metric.L2)).as("recall@10 after reindexing to m=32").isGreaterThanOrEqualTo(REINDEX_MIN_RECALL);

        assertThat(c.reindex(wide).index()).as("the same parameters: a plain rebuild").isEqualTo(wide);
        assertThat(c.spec().index()).isEqualTo(wide);
        assertThat(recall(corpus, Metric.L2)).as("recall@10 after a rebuild").isGreaterThanOrEqualTo(REINDEX_MIN_RECALL);
        assertThat(c.count()).isEqualTo(REINDEX_N);
    }

    /**
     * The parameters of a reindex and its answers survive reopening ({@code DURABLE}).
     */
    @Test
    default void should_keep_the_new_parameters_and_answers_after_reopen() {
        assumeCapability(Capability.DURABLE);
        Corpus corpus = corpus("docs", CollectionSpec.of(REINDEX_DIM, Metric.INNER_PRODUCT));
        IndexParams small = IndexParams.hnsw(8, 64, 64);
        corpus.collection.reindex(small);
        createCollection("flat_later", 3, Metric.L2).insert(VectorRecord.of("a", vec(1, 2, 3), null));
        db().collection("flat_later").reindex(IndexParams.flat());
        awaitSearchable(db().collection("flat_later"), 1);

        AgentDB reopened = reopen();

        VectorCollection again = reopened.collection("docs");
        assertThat(again.spec()).isEqualTo(new CollectionSpec(REINDEX_DIM, Metric.INNER_PRODUCT, small));
        assertThat(recall(new Corpus(again, corpus.ids, corpus.vectors), Metric.INNER_PRODUCT))
                .as("recall@10 after reopening").isGreaterThanOrEqualTo(REINDEX_MIN_RECALL);
        assertThat(again.count()).isEqualTo(REINDEX_N);
        assertThat(reopened.collection("flat_later").spec().index()).isEqualTo(IndexParams.flat());
        assertThat(ids(reopened.collection("flat_later").search(vec(1, 2, 3), 1))).containsExactly("a");
    }

    /**
     * A reindex of an unknown collection, or with null or invalid parameters, is refused and keeps
     * the old spec.
     */
    @Test
    default void should_refuse_unknown_collections_and_invalid_parameters_and_keep_the_old_spec() {
        VectorCollection c = createCollection("docs", 3, Metric.COSINE);
        c.insert(VectorRecord.of("a", vec(1, 2, 3), null));
        CollectionSpec before = c.spec();

        NotFoundException missing = catchThrowableOfType(NotFoundException.class,
                () -> db().adapter().reindex("nope", IndexParams.flat()));
        assertThat(missing).hasMessageContaining("nope");
        InvalidInputException noParams = catchThrowableOfType(InvalidInputException.class, () -> c.reindex(null));
        assertThat(noParams.field()).isEqualTo("index");
        InvalidInputException badName = catchThrowableOfType(InvalidInputException.class,
                () -> db().adapter().reindex("bad name;", IndexParams.flat()));
        assertThat(badName.field()).isEqualTo("collection");
        InvalidInputException badM = catchThrowableOfType(InvalidInputException.class, () -> c.reindex(IndexParams.hnsw(1, 10, 10)));
        assertThat(badM.field()).isEqualTo("index.m");

        assertThat(c.spec()).isEqualTo(before);
        assertThat(reopenedSpec("docs")).isEqualTo(before);
        awaitSearchable(c, 1);
        assertThat(ids(c.search(vec(1, 2, 3), 1))).containsExactly("a");
        assertThat(db().hasCollection("nope")).isFalse();
    }

    /**
     * A reindex to IVFFLAT works with {@code IVFFLAT_INDEX} and throws {@code
     * UnsupportedFeatureException} (old spec kept) without it.
     */
    @Test
    default void should_reindex_to_ivfflat_where_supported_and_refuse_it_elsewhere() {
        Corpus corpus = corpus("docs", CollectionSpec.of(REINDEX_DIM, Metric.L2));
        VectorCollection c = corpus.collection;
        CollectionSpec before = c.spec();
        IndexParams ivf = IndexParams.ivfflat(4, 4);

        if (!supports(Capability.IVFFLAT_INDEX)) {
            UnsupportedFeatureException e = catchThrowableOfType(UnsupportedFeatureException.class, () -> c.reindex(ivf));
            assertThat(e).as("IVFFLAT without %s", Capability.IVFFLAT_INDEX).isNotNull();
            assertThat(e.capability()).isEqualTo(Capability.IVFFLAT_INDEX);
            assertThat(c.spec()).isEqualTo(before);
            assertThat(reopenedSpec("docs")).isEqualTo(before);
            assertThat(recall(new Corpus(db().collection("docs"), corpus.ids, corpus.vectors), Metric.L2))
                    .isGreaterThanOrEqualTo(REINDEX_MIN_RECALL);
            return;
        }
        assertThat(c.reindex(ivf).index()).isEqualTo(ivf);
        assertThat(c.spec().index()).isEqualTo(ivf);
        assertAnswersExactly(corpus, Metric.L2); // probes = lists visits every list
        assertThat(c.reindex(ivf).index()).as("a rebuild retrains the centroids on the current rows").isEqualTo(ivf);
        assertThat(c.reindex(IndexParams.hnsw(16, 100, 64)).index()).isEqualTo(IndexParams.hnsw(16, 100, 64));
        assertThat(recall(corpus, Metric.L2)).isGreaterThanOrEqualTo(REINDEX_MIN_RECALL);
        assertThat(reopenedSpec("docs").index()).isEqualTo(IndexParams.hnsw(16, 100, 64));
    }

    /**
     * A reindex inside a transaction that rolls back keeps the old spec; one that commits records the
     * new one ({@code TRANSACTIONS}).
     */
    @Test
    default void should_keep_the_old_spec_when_the_transaction_of_a_reindex_rolls_back() {
        assumeCapability(Capability.TRANSACTIONS);
        Corpus corpus = corpus("docs", CollectionSpec.of(REINDEX_DIM, Metric.COSINE));
        VectorCollection c = corpus.collection;
        CollectionSpec before = c.spec();
        IllegalStateException boom = new IllegalStateException("boom");

        Throwable thrown = catchThrowable(() -> db().useTransaction(() -> {
            assertThat(c.reindex(IndexParams.flat()).index()).isEqualTo(IndexParams.flat());
            assertThat(c.spec().index()).as("the transaction sees its own reindex").isEqualTo(IndexParams.flat());
            c.insert(VectorRecord.of("inside", corpus.vectors[1], null));
            throw boom;
        }));

        assertThat(thrown).isSameAs(boom);
        assertThat(c.spec()).isEqualTo(before);
        assertThat(c.count()).isEqualTo(REINDEX_N);
        assertThat(recall(corpus, Metric.COSINE)).isGreaterThanOrEqualTo(REINDEX_MIN_RECALL);
        assertThat(reopenedSpec("docs")).isEqualTo(before);

        IndexParams small = IndexParams.hnsw(8, 64, 64);
        db().useTransaction(() -> {
            c.reindex(small);
            c.insert(VectorRecord.of("inside", corpus.vectors[1], null));
        });
        assertThat(db().collection("docs").spec().index()).isEqualTo(small);
        assertThat(db().collection("docs").count()).isEqualTo(REINDEX_N + 1);
        assertThat(reopenedSpec("docs").index()).isEqualTo(small);
        awaitSearchable(db().collection("docs"), REINDEX_N + 1);
        assertThat(ids(db().collection("docs").search(corpus.vectors[1], 2))).containsExactlyInAnyOrder("inside", "r0001");
    }

    /**
     * The default collection can be reindexed before its first insert, which then fixes its
     * dimension.
     */
    @Test
    default void should_reindex_the_default_collection_before_its_first_insert() {
        VectorCollection v = db().defaultCollection();

        assertThat(v.reindex(IndexParams.flat()).dimension()).isZero();
        v.insert(VectorRecord.of("a", vec(1, 0, 0), null));
        v.insert(VectorRecord.of("b", vec(0, 1, 0), null));

        assertThat(v.spec()).isEqualTo(new CollectionSpec(3, Metric.COSINE, IndexParams.flat()));
        awaitSearchable(v, 2);
        assertThat(ids(v.search(vec(1, 0.1f, 0), 2))).containsExactly("a", "b");
        assertThat(v.reindex(IndexParams.DEFAULT).index()).isEqualTo(IndexParams.DEFAULT);
        awaitSearchable(v, 2);
        assertThat(ids(v.search(vec(0.1f, 1, 0), 2))).containsExactly("b", "a");
    }

    /**
     * @param name a collection
     * @return its spec as stored: read through a second handle on durable backends (whose cache is
     *         fresh), else through the current one
     */
    private CollectionSpec reopenedSpec(String name) {
        if (!supports(Capability.DURABLE)) {
            return db().collection(name).spec();
        }
        return openAgain().collection(name).spec();
    }
}
