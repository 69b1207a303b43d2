package dev.agentdb.compat;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionInfo;
import dev.agentdb.CollectionSpec;
import dev.agentdb.IndexParams;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;
import dev.agentdb.spi.Capability;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.agentdb.compat.Records.ids;
import static dev.agentdb.compat.Records.allIds;
import static dev.agentdb.compat.Records.scanAll;
import static dev.agentdb.compat.TestVectors.vec;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract (backends declaring {@link Capability#DURABLE}): closing and reopening the same URL
 * yields the same collections, specs, records, metadata and search results.
 */
public interface PersistenceContract extends CompatFixture {
    private List<List<SearchResult>> searches(VectorCollection c, float[][] queries, boolean exact, Filter filter) {
        List<List<SearchResult>> out = new ArrayList<>();
        for (float[] q : queries) {
            out.add(c.search(SearchRequest.builder(q).k(10).exact(exact).filter(filter).includeVectors(true).build()));
        }
        return out;
    }

    private static void assertSameResults(List<List<SearchResult>> actual, List<List<SearchResult>> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            List<SearchResult> a = actual.get(i);
            List<SearchResult> e = expected.get(i);
            assertThat(ids(a)).as("query %d", i).containsExactlyElementsOf(ids(e));
            for (int j = 0; j < e.size(); j++) {
                assertThat(a.get(j).score()).isEqualTo(e.get(j).score());
                assertThat(a.get(j).distance()).isEqualTo(e.get(j).distance());
                assertThat(a.get(j).embedding()).containsExactly(e.get(j).embedding());
                CompatAssertions.assertSameJson(a.get(j).metadata(), e.get(j).metadata());
            }
        }
    }

    /**
     * After close and reopen: the same collections, specs, records and search results ({@code
     * DURABLE}).
     */
    @Test
    default void should_find_everything_again_after_close_and_reopen() {
        assumeCapability(Capability.DURABLE);
        CollectionSpec custom = new CollectionSpec(8, Metric.L2, IndexParams.hnsw(8, 40, 30));
        float[][] vectors = TestVectors.clustered(400, 8, 4, 0.3, 91);
        Corpus docs = insertCorpus("docs", CollectionSpec.of(8, Metric.COSINE), vectors);
        Corpus other = insertCorpus("other", custom, TestVectors.uniform(150, 8, 92));
        other.collection.insert(new VectorRecord("with-everything", vectors[0], Meta.everyJsonType(),
                "some text \u2603", 1_234_567L));
        docs.collection.deleteWhere(Filter.eq("bucket", 3));
        db().defaultCollection().insert(VectorRecord.of("legacy", vec(1, 2, 3), Map.of("v", 1L)));
        awaitSearchable(docs.collection, docs.ids.size() - docs.ids.size() / 50);
        awaitSearchable(other.collection, other.ids.size() + 1);
        float[][] queries = TestVectors.uniform(5, 8, 93);

        List<CollectionInfo> collections = db().listCollections();
        List<VectorRecord> docsRecords = scanAll(docs.collection);
        List<VectorRecord> otherRecords = scanAll(other.collection);
        List<List<SearchResult>> ann = searches(docs.collection, queries, false, null);
        List<List<SearchResult>> exact = searches(other.collection, queries, true, null);
        List<List<SearchResult>> filtered = searches(docs.collection, queries, false, Filter.lt("bucket", 20));

        AgentDB reopened = reopen();

        assertThat(reopened.listCollections()).isEqualTo(collections);
        assertThat(reopened.collection("other").spec()).isEqualTo(custom);
        VectorCollection docsAgain = reopened.collection("docs");
        VectorCollection otherAgain = reopened.collection("other");
        assertThat(scanAll(docsAgain)).isEqualTo(docsRecords);
        List<VectorRecord> otherAgainRecords = scanAll(otherAgain);
        assertThat(otherAgainRecords).extracting(VectorRecord::id)
                .containsExactlyElementsOf(otherRecords.stream().map(VectorRecord::id).toList());
        for (int i = 0; i < otherRecords.size(); i++) {
            VectorRecord a = otherAgainRecords.get(i);
            VectorRecord e = otherRecords.get(i);
            assertThat(a.embedding()).containsExactly(e.embedding());
            assertThat(a.text()).isEqualTo(e.text());
            assertThat(a.timestamp()).isEqualTo(e.timestamp());
            CompatAssertions.assertSameJson(a.metadata(), e.metadata());
        }
        assertThat(docsAgain.count()).isEqualTo(docs.ids.size() - docs.ids.size() / 50);
        assertSameResults(searches(docsAgain, queries, false, null), ann);
        assertSameResults(searches(otherAgain, queries, true, null), exact);
        assertSameResults(searches(docsAgain, queries, false, Filter.lt("bucket", 20)), filtered);
        assertThat(reopened.collection(AgentDB.DEFAULT_COLLECTION).spec().dimension()).isEqualTo(3);
        assertThat(reopened.collection(AgentDB.DEFAULT_COLLECTION).get("legacy")).isPresent();
    }

    /**
     * Writes made after reopening are kept by the next reopen ({@code DURABLE}).
     */
    @Test
    default void should_keep_writes_made_after_reopening() {
        assumeCapability(Capability.DURABLE);
        createCollection("docs", 3, Metric.COSINE).insert(VectorRecord.of("a", vec(1, 2, 3), null));

        reopen().collection("docs").insert(VectorRecord.of("b", vec(3, 2, 1), null));
        reopen().collection("docs").delete("a");
        VectorCollection last = reopen().collection("docs");
        awaitSearchable(last, 1);

        assertThat(allIds(last)).containsExactly("b");
        assertThat(ids(last.search(vec(1, 2, 3), 5))).containsExactly("b");
    }

    /**
     * A dropped collection stays dropped after reopen ({@code DURABLE}).
     */
    @Test
    default void should_not_resurrect_dropped_collections_after_reopen() {
        assumeCapability(Capability.DURABLE);
        createCollection("gone", 3, Metric.COSINE).insert(VectorRecord.of("a", vec(1, 2, 3), null));
        db().dropCollection("gone");

        AgentDB reopened = reopen();

        assertThat(reopened.hasCollection("gone")).isFalse();
        assertThat(reopened.listCollections()).extracting(CollectionInfo::name).doesNotContain("gone");
    }
}
