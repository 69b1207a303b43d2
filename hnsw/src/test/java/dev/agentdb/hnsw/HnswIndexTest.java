package dev.agentdb.hnsw;

import dev.agentdb.DimensionMismatchException;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Metric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class HnswIndexTest {
    private static final int N = 3_000;
    private static final int DIM = 32;
    private static final float[][] DATA = TestData.clustered(N, DIM, 40, 11);
    private static final float[][] QUERIES = TestData.clustered(200, DIM, 40, 11 + 1);
    private static final Map<Metric, HnswIndex> BUILT = new EnumMap<>(Metric.class);

    /** One shared read-only index per metric (tests that modify an index build their own). */
    private static synchronized HnswIndex shared(Metric metric) {
        return BUILT.computeIfAbsent(metric, mt -> TestData.build(mt, DATA));
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void should_reach_recall_of_at_least_0_95_against_exact_search(Metric metric) {
        HnswIndex index = shared(metric);
        assertThat(index.size()).isEqualTo(N);
        assertThat(index.liveCount()).isEqualTo(N);
        assertThat(TestData.recall(index, QUERIES, 10, 64, null)).isGreaterThanOrEqualTo(0.95);
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void should_report_distances_by_the_metric_definition_closest_first(Metric metric) {
        HnswIndex index = shared(metric);
        for (int qi = 0; qi < 20; qi++) {
            float[] q = QUERIES[qi];
            for (NodeHits hits : List.of(index.search(q, 10, 64, null), index.exactSearch(q, 10, null))) {
                assertThat(hits.size()).isEqualTo(10);
                for (int i = 0; i < hits.size(); i++) {
                    double expected = TestData.naive(metric, q, DATA[hits.node(i)]);
                    assertThat((double) hits.distance(i)).isCloseTo(expected, within(1e-4 * (1 + Math.abs(expected))));
                    if (i > 0) {
                        assertThat(hits.distance(i)).isGreaterThanOrEqualTo(hits.distance(i - 1));
                    }
                }
            }
            // the exact answer's first hit is the true nearest by the naive definition
            NodeHits exact = index.exactSearch(q, 1, null);
            double best = Double.MAX_VALUE;
            for (float[] v : DATA) {
                best = Math.min(best, TestData.naive(metric, q, v));
            }
            assertThat((double) exact.distance(0)).isCloseTo(best, within(1e-4 * (1 + Math.abs(best))));
        }
    }

    @Test
    void should_build_the_same_quality_of_graph_on_the_scalar_kernels() {
        HnswIndex index = new HnswIndex(HnswConfig.of(DIM, Metric.L2, 16, 100), dev.agentdb.hnsw.vector.VectorOpsProvider.scalar());
        for (int i = 0; i < 1_000; i++) {
            index.add(DATA[i]);
        }
        assertThat(index.vectorOps().name()).isEqualTo("scalar");
        assertThat(TestData.recall(index, QUERIES, 10, 64, null)).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void should_address_vectors_across_storage_chunks_for_large_dimensions() {
        int dim = 3_000; // 256 nodes per chunk, so 600 nodes span three chunks
        float[][] data = TestData.clustered(600, dim, 10, 21);
        HnswIndex index = new HnswIndex(HnswConfig.of(dim, Metric.L2, 8, 40));
        for (float[] v : data) {
            index.add(v);
        }
        for (int node : new int[] {0, 255, 256, 511, 512, 599}) {
            assertThat(index.vector(node)).containsExactly(data[node]);
            NodeHits self = index.search(data[node], 1, 40, null);
            assertThat(self.node(0)).isEqualTo(node);
            assertThat(self.distance(0)).isZero();
        }
    }

    @Test
    void should_give_distance_one_for_a_zero_vector_under_cosine() {
        HnswIndex index = new HnswIndex(HnswConfig.of(4, Metric.COSINE, 4, 16));
        int zero = index.add(new float[4]);
        index.add(new float[] {1, 0, 0, 0});
        NodeHits fromZeroQuery = index.search(new float[4], 2, 10, null);
        assertThat(fromZeroQuery.size()).isEqualTo(2);
        assertThat(fromZeroQuery.distance(0)).isEqualTo(1f);
        assertThat(fromZeroQuery.distance(1)).isEqualTo(1f);
        NodeHits toZero = index.exactSearch(new float[] {0, 1, 0, 0}, 2, null);
        assertThat(toZero.node(0)).isEqualTo(zero); // 1 - 0 = 1 beats 1 - 0 = 1 by ordinal
        assertThat(toZero.distance(0)).isEqualTo(1f);
        assertThat(Distances.distance(Metric.COSINE, new float[4], new float[] {1, 2, 3, 4})).isEqualTo(1f);
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void should_compute_api_distances_between_raw_vectors(Metric metric) {
        for (int i = 0; i < 50; i++) {
            double expected = TestData.naive(metric, DATA[i], QUERIES[i]);
            assertThat((double) Distances.distance(metric, DATA[i], QUERIES[i])).isCloseTo(expected, within(1e-4 * (1 + Math.abs(expected))));
            assertThat(Distances.score(metric, DATA[i], QUERIES[i])).isCloseTo(metric.scoreOf(expected), within(1e-4));
        }
        assertThatThrownBy(() -> Distances.distance(metric, new float[2], new float[3])).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void should_return_only_accepted_nodes_and_match_exact_results_for_selective_filters() {
        HnswIndex index = shared(Metric.L2);
        SplittableRandom r = new SplittableRandom(3);
        for (double fraction : new double[] {0.01, 0.2, 0.6}) {
            BitSet accept = new BitSet();
            for (int i = 0; i < N; i++) {
                if (r.nextDouble() < fraction) {
                    accept.set(i);
                }
            }
            for (int qi = 0; qi < 50; qi++) {
                NodeHits hits = index.search(QUERIES[qi], 10, 64, accept);
                for (int i = 0; i < hits.size(); i++) {
                    assertThat(accept.get(hits.node(i))).isTrue();
                }
            }
            assertThat(TestData.recall(index, QUERIES, 10, 64, accept)).as("fraction %s", fraction).isGreaterThanOrEqualTo(0.95);
        }
    }

    @Test
    void should_scan_exactly_when_few_nodes_are_accepted() {
        HnswIndex index = shared(Metric.L2);
        BitSet few = new BitSet();
        for (int i = 0; i < 100; i++) {
            few.set(i * 7);
        }
        // 100 <= 2 * max(64, 10): exact scan at once
        NodeHits hits = index.search(QUERIES[0], 10, 64, few);
        assertThat(hits.exact()).isTrue();
        NodeHits exact = index.exactSearch(QUERIES[0], 10, few);
        for (int i = 0; i < 10; i++) {
            assertThat(hits.node(i)).isEqualTo(exact.node(i));
        }
        // an empty filter gives an empty result
        assertThat(index.search(QUERIES[0], 10, 64, new BitSet()).size()).isZero();
        // a broad filter is answered by traversal
        BitSet all = new BitSet();
        all.set(0, N);
        assertThat(index.search(QUERIES[0], 10, 64, all).exact()).isFalse();
    }

    @Test
    void should_fall_back_to_an_exact_scan_when_traversal_exceeds_the_accepted_count() {
        HnswIndex index = shared(Metric.L2);
        // accept one cluster far from the query, just above the exact-scan bound: the traversal
        // must wade through many rejected nodes and exhausts its budget
        NodeHits probe = index.exactSearch(QUERIES[0], N, null);
        BitSet farthest = new BitSet();
        for (int i = N - 1; i >= N - 200; i--) {
            farthest.set(probe.node(i));
        }
        NodeHits hits = index.search(QUERIES[0], 10, 64, farthest);
        assertThat(hits.exact()).isTrue();
        NodeHits exact = index.exactSearch(QUERIES[0], 10, farthest);
        for (int i = 0; i < 10; i++) {
            assertThat(hits.node(i)).isEqualTo(exact.node(i));
        }
    }

    @Test
    void should_never_return_deleted_nodes_and_keep_recall_after_deleting_30_percent() {
        HnswIndex index = TestData.build(Metric.COSINE, DATA);
        SplittableRandom r = new SplittableRandom(5);
        BitSet deleted = new BitSet();
        while (deleted.cardinality() < N * 3 / 10) {
            int node = r.nextInt(N);
            boolean first = !deleted.get(node);
            assertThat(index.delete(node)).isEqualTo(first);
            deleted.set(node);
        }
        // always delete the entry point too
        int entry = index.entryNode();
        index.delete(entry);
        deleted.set(entry);
        assertThat(index.entryNode()).isNotEqualTo(entry);
        assertThat(index.isDeleted(index.entryNode())).isFalse();
        assertThat(index.liveCount()).isEqualTo(N - deleted.cardinality());
        for (float[] q : QUERIES) {
            NodeHits hits = index.search(q, 10, 64, null);
            assertThat(hits.size()).isEqualTo(10);
            for (int i = 0; i < hits.size(); i++) {
                assertThat(deleted.get(hits.node(i))).isFalse();
            }
        }
        assertThat(TestData.recall(index, QUERIES, 10, 64, null)).isGreaterThanOrEqualTo(0.95);
    }

    /**
     * Churn as a collection under upserts sees it (tombstone the old node, add a new one; delete
     * some, add others), with compactions now and then: afterwards every live node still has a live
     * in-link on layer 0 and is found first by its own vector. Before the in-link guard, pruning
     * left about one node in 400 with no live in-link, which no search could reach.
     */
    @ParameterizedTest
    @EnumSource(Metric.class)
    void should_keep_every_live_node_reachable_through_upserts_deletes_and_compactions(Metric metric) {
        int dim = 16;
        SplittableRandom r = new SplittableRandom(8);
        HnswIndex index = new HnswIndex(HnswConfig.of(dim, metric, 16, 100));
        List<Integer> live = new ArrayList<>();
        int orphans = 0;
        int missed = 0;
        int checked = 0;
        for (int round = 1; round <= 400; round++) {
            for (int i = 0; i < 40; i++) {
                if (!live.isEmpty() && r.nextInt(3) > 0) {
                    index.delete(live.remove(r.nextInt(live.size()))); // an upsert's or a delete's tombstone
                }
                if (live.size() < 400 || r.nextBoolean()) {
                    live.add(index.add(TestData.gaussianVector(r, dim)));
                }
            }
            if (round % 50 == 0) {
                HnswIndex.Compaction c = index.compact();
                index = c.index();
                live.replaceAll(old -> c.newOrdinals()[old]);
            }
            orphans += orphans(index, live);
            // under inner product another vector may score higher than a vector with itself
            if (round % 20 == 0 && metric != Metric.INNER_PRODUCT) {
                for (int node : live) {
                    NodeHits hits = index.search(index.vector(node), 1, 400, null);
                    missed += hits.size() == 0 || hits.node(0) != node ? 1 : 0;
                    checked++;
                }
            }
        }
        assertThat(orphans).as("live nodes without a live in-link on layer 0, summed over 400 rounds").isZero();
        assertThat(missed).as("live nodes not found first by their own vector, of %d searches", checked).isZero();
    }

    /** @return the live nodes, other than the entry point, that no live node links to on layer 0 */
    private static int orphans(HnswIndex index, List<Integer> live) {
        int[] inLinks = new int[index.size()];
        for (int node : live) {
            for (int nb : index.neighbors(node, 0)) {
                inLinks[nb]++;
            }
        }
        int orphans = 0;
        for (int node : live) {
            if (inLinks[node] == 0 && node != index.entryNode()) {
                orphans++;
            }
        }
        return orphans;
    }

    @Test
    void should_become_searchable_again_after_every_node_is_deleted_and_a_new_one_added() {
        HnswIndex index = new HnswIndex(HnswConfig.of(DIM, Metric.L2, 4, 20));
        for (int i = 0; i < 50; i++) {
            index.add(DATA[i]);
        }
        for (int i = 0; i < 50; i++) {
            index.delete(i);
        }
        assertThat(index.entryNode()).isEqualTo(-1);
        assertThat(index.search(QUERIES[0], 5, 10, null).size()).isZero();
        int node = index.add(DATA[60]);
        NodeHits hits = index.search(DATA[60], 5, 10, null);
        assertThat(hits.size()).isEqualTo(1);
        assertThat(hits.node(0)).isEqualTo(node);
        assertThat(hits.distance(0)).isZero();
    }

    @Test
    void should_restore_identical_search_results_after_flush_and_load() {
        HnswIndex index = TestData.build(Metric.L2, java.util.Arrays.copyOf(DATA, 1_500));
        for (int i = 0; i < 1_500; i += 10) {
            index.delete(i);
        }
        MemoryStore store = new MemoryStore();
        int written = index.flush(store);
        assertThat(written).isEqualTo(1_500);
        assertThat(index.dirtyCount()).isZero();

        // incremental changes: the new node and the neighbours it linked to are dirty
        int added = index.add(QUERIES[0]);
        int[] linked = index.neighbors(added, 0);
        assertThat(index.dirtyCount()).isBetween(1 + Math.min(1, linked.length), 1 + linked.length * (index.level(added) + 1));
        int again = index.flush(store);
        assertThat(again).isEqualTo(store.lastFlushCount);
        assertThat(store.lastWritten).contains(added);
        for (int nb : linked) {
            assertThat(store.lastWritten).contains(nb);
            assertThat(store.nodes.get(nb).neighbors[0]).isEqualTo(index.neighbors(nb, 0));
        }

        HnswIndex.Loader loader = HnswIndex.loader(index.config());
        for (int node = 0; node < index.size(); node++) {
            Stored s = store.nodes.get(node);
            float[] raw = node == added ? QUERIES[0] : DATA[node];
            // round-trip the lists through the BLOB codec as an adapter would
            loader.node(node, raw, s.level, s.deleted, GraphCodec.decode(GraphCodec.encode(s.neighbors)));
        }
        HnswIndex restored = loader.finish(store.entryNode, store.maxLevel);
        assertThat(restored.dirtyCount()).isZero();
        assertThat(restored.size()).isEqualTo(index.size());
        assertThat(restored.liveCount()).isEqualTo(index.liveCount());
        assertThat(restored.entryNode()).isEqualTo(index.entryNode());
        for (float[] q : QUERIES) {
            NodeHits a = index.search(q, 10, 40, null);
            NodeHits b = restored.search(q, 10, 40, null);
            assertThat(b.size()).isEqualTo(a.size());
            for (int i = 0; i < a.size(); i++) {
                assertThat(b.node(i)).isEqualTo(a.node(i));
                assertThat(b.distance(i)).isEqualTo(a.distance(i));
            }
            assertThat(b.visited()).isEqualTo(a.visited());
        }
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void should_compact_away_tombstones_keeping_every_live_node_and_recall(Metric metric) {
        HnswIndex index = TestData.build(metric, DATA);
        SplittableRandom r = new SplittableRandom(9);
        BitSet deleted = new BitSet();
        while (deleted.cardinality() < N / 2) {
            int node = r.nextInt(N);
            index.delete(node);
            deleted.set(node);
        }
        index.delete(index.entryNode());
        deleted.set(0, N, false);
        for (int i = 0; i < N; i++) {
            if (index.isDeleted(i)) {
                deleted.set(i);
            }
        }
        HnswIndex.Compaction c = index.compact();
        HnswIndex compacted = c.index();
        assertThat(compacted.size()).isEqualTo(index.liveCount()).isEqualTo(compacted.liveCount());
        assertThat(compacted.dirtyCount()).isZero();
        // the mapping is dense, order-preserving, and -1 exactly for tombstones
        int expected = 0;
        for (int old = 0; old < N; old++) {
            if (deleted.get(old)) {
                assertThat(c.newOrdinals()[old]).isEqualTo(-1);
            } else {
                assertThat(c.newOrdinals()[old]).isEqualTo(expected++);
                assertThat(compacted.vector(c.newOrdinals()[old])).isEqualTo(index.vector(old));
                assertThat(compacted.level(c.newOrdinals()[old])).isEqualTo(index.level(old));
            }
        }
        assertThat(compacted.isDeleted(compacted.entryNode())).isFalse();
        assertThat(compacted.level(compacted.entryNode())).isEqualTo(compacted.maxLevel());
        // the same live set answers the same queries: compare with exact search over the survivors
        float[][] survivors = new float[compacted.size()][];
        for (int old = 0; old < N; old++) {
            if (!deleted.get(old)) {
                survivors[c.newOrdinals()[old]] = DATA[old];
            }
        }
        assertThat(TestData.recall(compacted, QUERIES, 10, 64, null)).isGreaterThanOrEqualTo(0.95);
        for (int qi = 0; qi < 20; qi++) {
            NodeHits before = index.search(QUERIES[qi], 10, 64, null);
            NodeHits after = compacted.exactSearch(QUERIES[qi], 1, null);
            assertThat(survivors[after.node(0)]).isNotNull();
            assertThat(before.size()).isEqualTo(10);
        }
        // the old index is untouched and the new one accepts writes
        assertThat(index.size()).isEqualTo(N);
        int added = compacted.add(QUERIES[0]);
        assertThat(added).isEqualTo(survivors.length);
        assertThat(compacted.search(QUERIES[0], 1, 32, null).node(0)).isEqualTo(added);
    }

    @Test
    void should_compact_an_index_whose_every_node_is_deleted_to_an_empty_one() {
        HnswIndex index = new HnswIndex(HnswConfig.of(DIM, Metric.L2, 4, 20));
        for (int i = 0; i < 30; i++) {
            index.add(DATA[i]);
        }
        for (int i = 0; i < 30; i++) {
            index.delete(i);
        }
        HnswIndex empty = index.compact().index();
        assertThat(empty.size()).isZero();
        assertThat(empty.entryNode()).isEqualTo(-1);
        assertThat(empty.search(QUERIES[0], 3, 10, null).size()).isZero();
    }

    @Test
    void should_load_vectors_given_after_the_graph_in_any_order() {
        HnswIndex index = TestData.build(Metric.COSINE, java.util.Arrays.copyOf(DATA, 500));
        MemoryStore store = new MemoryStore();
        index.flushAll(store);
        HnswIndex.Loader loader = HnswIndex.loader(index.config());
        for (int node = 0; node < 500; node++) {
            Stored s = store.nodes.get(node);
            loader.node(node, null, s.level, s.deleted, s.neighbors);
        }
        for (int node = 499; node >= 0; node--) {
            if (node % 2 == 0) {
                loader.vector(node, DATA[node]);
            } else {
                loader.vector(node, dev.agentdb.internal.VectorCodec.encode(DATA[node])); // as a store keeps it
            }
        }
        assertThatThrownBy(() -> loader.vector(3, DATA[3])).hasMessageContaining("already has its vector");
        assertThatThrownBy(() -> loader.vector(4, new byte[3])).hasMessageContaining("already has its vector");
        HnswIndex restored = loader.finish(store.entryNode, store.maxLevel);
        for (int qi = 0; qi < 20; qi++) {
            NodeHits a = index.search(QUERIES[qi], 10, 40, null);
            NodeHits b = restored.search(QUERIES[qi], 10, 40, null);
            for (int i = 0; i < a.size(); i++) {
                assertThat(b.node(i)).isEqualTo(a.node(i));
                assertThat(b.distance(i)).isEqualTo(a.distance(i));
            }
        }
        HnswIndex.Loader incomplete = HnswIndex.loader(index.config());
        incomplete.node(0, null, 0, false, new int[][] {{}});
        assertThatThrownBy(() -> incomplete.finish(0, 0)).hasMessageContaining("never got a vector");
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void should_rescore_a_raw_vector_as_a_search_reports_it(Metric metric) {
        HnswIndex index = shared(metric);
        for (int qi = 0; qi < 20; qi++) {
            NodeHits hits = index.search(QUERIES[qi], 10, 64, null);
            for (int i = 0; i < hits.size(); i++) {
                // the same kernels; a lane reduction's order is the JIT's choice, so allow a few ulps
                float expected = hits.distance(i);
                assertThat(index.distance(QUERIES[qi], DATA[hits.node(i)])).isCloseTo(expected, within(4 * Math.ulp(expected)));
            }
        }
        assertThatThrownBy(() -> index.distance(new float[DIM + 1], DATA[0])).isInstanceOf(DimensionMismatchException.class);
    }

    @Test
    void should_persist_the_same_graph_through_drains_taken_while_a_writer_adds_nodes() throws Exception {
        HnswIndex index = new HnswIndex(HnswConfig.of(DIM, Metric.L2, 8, 40));
        MemoryStore drained = new MemoryStore();
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 2_000; i++) {
                index.add(DATA[i]);
            }
        });
        writer.start();
        int drains = 0;
        while (writer.isAlive()) {
            index.drainChanges().writeTo(drained);
            drains++;
        }
        writer.join();
        index.drainChanges().writeTo(drained);
        assertThat(drains).isGreaterThan(1);
        assertThat(index.dirtyCount()).isZero();
        MemoryStore full = new MemoryStore();
        index.flushAll(full);
        assertThat(drained.nodes).hasSameSizeAs(full.nodes);
        for (Map.Entry<Integer, Stored> e : full.nodes.entrySet()) {
            Stored d = drained.nodes.get(e.getKey());
            assertThat(d.level()).isEqualTo(e.getValue().level());
            assertThat(d.neighbors()).isDeepEqualTo(e.getValue().neighbors());
        }
        assertThat(drained.entryNode).isEqualTo(full.entryNode);
        assertThat(drained.maxLevel).isEqualTo(full.maxLevel);
    }

    @Test
    void should_refuse_corrupt_persisted_state() {
        HnswIndex.Loader outOfOrder = HnswIndex.loader(HnswConfig.of(2, Metric.L2, 4, 10));
        assertThatThrownBy(() -> outOfOrder.node(1, new float[2], 0, false, new int[][] {{}}))
                .hasMessageContaining("expected node 0");
        HnswIndex.Loader dangling = HnswIndex.loader(HnswConfig.of(2, Metric.L2, 4, 10));
        dangling.node(0, new float[2], 0, false, new int[][] {{5}});
        assertThatThrownBy(() -> dangling.finish(0, 0)).hasMessageContaining("links to 5");
        HnswIndex.Loader negative = HnswIndex.loader(HnswConfig.of(2, Metric.L2, 4, 10));
        byte[] encoded = GraphCodec.encode(new int[][] {{-3}});
        negative.node(0, new float[2], 0, false, encoded, 0, encoded.length);
        assertThatThrownBy(() -> negative.finish(0, 0)).hasMessageContaining("node 0 layer 0 links to -3");
        HnswIndex.Loader upper = HnswIndex.loader(HnswConfig.of(2, Metric.L2, 4, 10));
        upper.node(0, new float[2], 0, false, new int[][] {{1}});
        upper.node(1, new float[2], 1, false, new int[][] {{0}, {0}}); // node 0 has no layer 1
        assertThatThrownBy(() -> upper.finish(1, 1)).hasMessageContaining("node 1 layer 1 links to 0");
        HnswIndex.Loader tooMany = HnswIndex.loader(HnswConfig.of(2, Metric.L2, 2, 10));
        assertThatThrownBy(() -> tooMany.node(0, new float[2], 0, false, new int[][] {{0, 0, 0, 0, 0}}))
                .hasMessageContaining("more than the limit 4");
    }

    @Test
    void should_validate_arguments() {
        HnswIndex index = new HnswIndex(HnswConfig.of(3, Metric.L2, 4, 10));
        assertThat(index.search(new float[3], 3, 10, null).size()).isZero();
        assertThatThrownBy(() -> index.add(new float[4])).isInstanceOf(DimensionMismatchException.class);
        assertThatThrownBy(() -> index.add(new float[] {1, Float.NaN, 0})).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("vector[1]");
        assertThatThrownBy(() -> index.search(new float[3], 0, 10, null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> index.delete(0)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> HnswConfig.of(3, Metric.L2, 1, 10)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("index.m");
    }

    @Test
    void should_stay_valid_while_several_threads_search_during_inserts() throws Exception {
        HnswIndex index = new HnswIndex(HnswConfig.of(DIM, Metric.L2, 8, 50));
        for (int i = 0; i < 200; i++) {
            index.add(DATA[i]);
        }
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        List<Thread> searchers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            int seed = t;
            Thread th = new Thread(() -> {
                try {
                    int i = seed;
                    while (!done.get()) {
                        float[] q = QUERIES[i++ % QUERIES.length];
                        int before = index.size();
                        NodeHits hits = index.search(q, 10, 32, null);
                        int after = index.size();
                        assertThat(hits.size()).isEqualTo(10);
                        for (int h = 0; h < hits.size(); h++) {
                            assertThat(hits.node(h)).isBetween(0, after - 1);
                            assertThat((double) hits.distance(h))
                                    .isCloseTo(TestData.naive(Metric.L2, q, DATA[hits.node(h)]), within(1e-3));
                            if (h > 0) {
                                assertThat(hits.distance(h)).isGreaterThanOrEqualTo(hits.distance(h - 1));
                            }
                        }
                        assertThat(before).isLessThanOrEqualTo(after);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            searchers.add(th);
            th.start();
        }
        try {
            for (int i = 200; i < 2_000; i++) {
                index.add(DATA[i]);
                if (i % 50 == 0) {
                    index.delete(i - 100);
                }
            }
        } finally {
            done.set(true);
            for (Thread th : searchers) {
                th.join();
            }
        }
        assertThat(failures).isEmpty();
        assertThat(index.size()).isEqualTo(2_000);
        assertThat(TestData.recall(index, QUERIES, 10, 64, null)).isGreaterThanOrEqualTo(0.95);
    }

    /** An in-memory GraphStore, as a table-backed adapter would keep it. */
    static final class MemoryStore implements GraphStore {
        final Map<Integer, Stored> nodes = new HashMap<>();
        int entryNode = -2;
        int maxLevel = -2;
        int lastFlushCount;
        final java.util.Set<Integer> lastWritten = new java.util.HashSet<>();
        private int pending;

        @Override
        public void writeNode(int node, int level, boolean deleted, int[][] neighbors) {
            if (pending == 0) {
                lastWritten.clear();
            }
            nodes.put(node, new Stored(level, deleted, neighbors));
            lastWritten.add(node);
            pending++;
        }

        @Override
        public void writeEntryPoint(int node, int maxLevel) {
            this.entryNode = node;
            this.maxLevel = maxLevel;
            lastFlushCount = pending;
            pending = 0;
        }
    }

    record Stored(int level, boolean deleted, int[][] neighbors) {
    }
}
