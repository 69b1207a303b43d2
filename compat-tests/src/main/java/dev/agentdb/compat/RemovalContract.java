package dev.agentdb.compat;

import dev.agentdb.CollectionSpec;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.agentdb.compat.Records.ids;
import static dev.agentdb.compat.Records.allIds;
import static dev.agentdb.compat.TestVectors.vec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract: removal. Deleted records are never returned again by get, scan, count or search (ANN
 * and exact), and {@code deleteWhere} reports how many it removed.
 */
public interface RemovalContract extends CompatFixture {
    /**
     * Deleted records never come back through get, count, stats, scan or search (ANN and exact).
     */
    @Test
    default void should_never_return_deleted_records_from_get_count_or_search() {
        float[][] vectors = TestVectors.clustered(600, 8, 6, 0.3, 61);
        Corpus corpus = insertCorpus("docs", CollectionSpec.of(8, Metric.COSINE), vectors);
        Set<String> deleted = new HashSet<>();
        for (int i = 0; i < vectors.length; i += 3) {
            assertThat(corpus.collection.delete(corpus.ids.get(i))).isTrue();
            deleted.add(corpus.ids.get(i));
        }

        assertThat(corpus.collection.count()).isEqualTo(vectors.length - deleted.size());
        assertThat(corpus.collection.stats().count()).isEqualTo(vectors.length - deleted.size());
        assertThat(allIds(corpus.collection)).doesNotContainAnyElementsOf(deleted).hasSize(vectors.length - deleted.size());
        for (String id : List.of("r0000", "r0300", "r0597")) {
            assertThat(corpus.collection.get(id)).isEmpty();
        }
        awaitSearchable(corpus.collection, vectors.length - deleted.size());
        for (int i = 0; i < vectors.length; i += 30) {
            float[] q = vectors[i];
            List<SearchResult> ann = corpus.collection.search(q, 10);
            List<SearchResult> exact = corpus.collection.search(SearchRequest.builder(q).k(10).exact(true).build());
            assertThat(ann).hasSize(10);
            assertThat(ids(ann)).doesNotContainAnyElementsOf(deleted);
            assertThat(ids(exact)).doesNotContainAnyElementsOf(deleted).hasSize(10);
        }
    }

    /**
     * {@code deleteWhere} returns how many records it removed, and search no longer finds them.
     */
    @Test
    default void should_return_number_removed_by_delete_where() {
        float[][] vectors = TestVectors.uniform(200, 4, 62);
        Corpus corpus = insertCorpus("docs", CollectionSpec.of(4, Metric.L2), vectors);

        long removed = corpus.collection.deleteWhere(Filter.lt("bucket", 10));

        assertThat(removed).isEqualTo(40);
        assertThat(corpus.collection.count()).isEqualTo(160);
        assertThat(corpus.collection.count(Filter.lt("bucket", 10))).isZero();
        assertThat(corpus.collection.deleteWhere(Filter.lt("bucket", 10))).isZero();
        awaitSearchable(corpus.collection, 160);
        for (int i = 0; i < vectors.length; i += 7) {
            List<SearchResult> hits = corpus.collection.search(
                    SearchRequest.builder(vectors[i]).k(20).includeVectors(true).build());
            assertThat(hits).allSatisfy(r -> assertThat(((Number) r.metadata().get("bucket")).longValue())
                    .isGreaterThanOrEqualTo(10));
        }
        assertThat(corpus.collection.get("r0000")).isEmpty();
        assertThat(corpus.collection.get("r0010")).isPresent();
    }

    /**
     * {@code deleteWhere} with an empty {@code and} removes every record.
     */
    @Test
    default void should_delete_everything_with_empty_and() {
        float[][] vectors = TestVectors.uniform(50, 4, 63);
        Corpus corpus = insertCorpus("docs", CollectionSpec.of(4, Metric.COSINE), vectors);

        assertThat(corpus.collection.deleteWhere(Filter.and())).isEqualTo(50);

        assertThat(corpus.collection.count()).isZero();
        awaitSearchable(corpus.collection, 0);
        assertThat(corpus.collection.search(vectors[0], 10)).isEmpty();
        assertThat(corpus.collection.scan(null, 10)).isEmpty();
    }

    /**
     * {@code deleteWhere} without a filter is refused and deletes nothing.
     */
    @Test
    default void should_refuse_delete_where_without_filter() {
        VectorCollection c = createCollection("docs", 2, Metric.COSINE);
        c.insert(VectorRecord.of("a", vec(1, 2), null));

        assertThatThrownBy(() -> c.deleteWhere(null)).isInstanceOf(InvalidInputException.class);
        assertThat(c.count()).isEqualTo(1);
    }

    /**
     * A collection dropped and created again (another dimension and metric) holds none of the old
     * records.
     */
    @Test
    default void should_forget_dropped_collection_records_when_recreated() {
        VectorCollection c = createCollection("docs", 2, Metric.COSINE);
        c.insert(VectorRecord.of("a", vec(1, 2), null));
        db().dropCollection("docs");

        VectorCollection again = createCollection("docs", 3, Metric.L2);

        assertThat(again.count()).isZero();
        assertThat(again.get("a")).isEmpty();
        awaitSearchable(again, 0);
        assertThat(again.search(vec(1, 2, 3), 5)).isEmpty();
        again.insert(VectorRecord.of("a", vec(1, 2, 3), null));
        assertThat(again.get("a").orElseThrow().embedding()).containsExactly(1f, 2f, 3f);
    }

    /**
     * Searches stay exact after half the records were deleted and re-inserted under new ids.
     */
    @Test
    default void should_serve_searches_after_many_deletes_and_reinserts() {
        float[][] vectors = TestVectors.uniform(300, 6, 64);
        Corpus corpus = insertCorpus("docs", CollectionSpec.of(6, Metric.L2), vectors);
        List<VectorRecord> back = new ArrayList<>();
        for (int i = 0; i < 300; i += 2) {
            corpus.collection.delete(corpus.ids.get(i));
            back.add(VectorRecord.of("n" + corpus.ids.get(i), vectors[i], null));
        }
        corpus.collection.insertBatch(back);
        awaitSearchable(corpus.collection, 300);

        for (int i = 0; i < 300; i += 25) {
            List<SearchResult> exact = corpus.collection.search(SearchRequest.builder(vectors[i]).k(1).exact(true).build());
            List<SearchResult> ann = corpus.collection.search(vectors[i], 1);
            String expected = i % 2 == 0 ? "n" + corpus.ids.get(i) : corpus.ids.get(i);
            assertThat(ids(exact)).containsExactly(expected);
            assertThat(ids(ann)).containsExactly(expected);
        }
        assertThat(corpus.collection.count()).isEqualTo(300);
    }
}
