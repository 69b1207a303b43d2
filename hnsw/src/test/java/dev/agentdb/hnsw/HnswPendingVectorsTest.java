package dev.agentdb.hnsw;

import dev.agentdb.AgentDBException;
import dev.agentdb.Metric;
import dev.agentdb.internal.VectorCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An index loaded with its live vectors pending ({@link HnswIndex.Loader#finishPending}) answers as the eager one. */
class HnswPendingVectorsTest {
    private static final int N = 2_000;
    private static final int DIM = 24;
    private static final float[][] DATA = TestData.clustered(N, DIM, 30, 21);
    private static final float[][] QUERIES = TestData.clustered(60, DIM, 30, 22);

    /** A built index with every tenth node deleted, persisted. */
    private static HnswIndex built(Metric metric, HnswIndexTest.MemoryStore store) {
        HnswIndex index = TestData.build(metric, DATA);
        for (int i = 0; i < N; i += 10) {
            index.delete(i);
        }
        index.flushAll(store);
        return index;
    }

    /** Loads the persisted graph, tombstones with their vectors and live nodes without, as the engine's lazy load does. */
    private static HnswIndex pending(HnswIndex built, HnswIndexTest.MemoryStore store) {
        HnswIndex.Loader loader = HnswIndex.loader(built.config());
        for (int node = 0; node < N; node++) {
            HnswIndexTest.Stored s = store.nodes.get(node);
            loader.node(node, s.deleted() ? DATA[node] : null, s.level(), s.deleted(), s.neighbors());
        }
        return loader.finishPending(store.entryNode, store.maxLevel);
    }

    /** Supplies from DATA, counting calls and nodes; refuses the nodes in {@code gone}. */
    private static final class Source implements HnswIndex.VectorSource {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger nodes = new AtomicInteger();
        final Set<Integer> gone;

        Source(Set<Integer> gone) {
            this.gone = gone;
        }

        @Override
        public void fetch(HnswIndex index, int[] asked, int count) {
            calls.incrementAndGet();
            nodes.addAndGet(count);
            for (int i = 0; i < count; i++) {
                if (!gone.contains(asked[i])) {
                    index.supplyVector(asked[i], VectorCodec.encode(DATA[asked[i]])); // as a database keeps it
                }
            }
        }
    }

    private static void assertSame(NodeHits expected, NodeHits actual) {
        assertThat(actual.size()).isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.node(i)).isEqualTo(expected.node(i));
            assertThat(actual.distance(i)).isEqualTo(expected.distance(i));
        }
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void should_answer_exactly_as_the_eager_index_while_vectors_are_pending_fetching_neighbours_in_batches(Metric metric) {
        HnswIndexTest.MemoryStore store = new HnswIndexTest.MemoryStore();
        HnswIndex eager = built(metric, store);
        HnswIndex lazy = pending(eager, store);
        assertThat(lazy.vectorsPending()).isTrue();
        assertThat(lazy.missingVectors()).isEqualTo(eager.liveCount());
        Source source = new Source(Set.of());
        BitSet even = new BitSet();
        for (int i = 0; i < N; i += 2) {
            even.set(i);
        }
        BitSet few = new BitSet();
        few.set(5, 30);
        for (float[] q : QUERIES) {
            assertSame(eager.search(q, 10, 64, null), lazy.search(q, 10, 64, null, source));
            assertSame(eager.search(q, 10, 64, even), lazy.search(q, 10, 64, even, source));
            assertSame(eager.search(q, 5, 16, few), lazy.search(q, 5, 16, few, source)); // the exact scan of few nodes
        }
        assertSame(eager.exactSearch(QUERIES[0], 10, null), lazy.exactSearch(QUERIES[0], 10, null, source));
        assertThat(lazy.vectorsPending()).as("only a fill ends the pending state").isTrue();
        assertThat((double) source.nodes.get() / source.calls.get()).as("nodes per fetch").isGreaterThan(4);

        for (int node = 0; node < N; node++) {
            if (!eager.isDeleted(node)) {
                lazy.supplyVector(node, DATA[node]);
            }
        }
        lazy.completeVectors();
        assertThat(lazy.vectorsPending()).isFalse();
        assertThat(lazy.missingVectors()).isZero();
        for (float[] q : QUERIES) {
            assertSame(eager.search(q, 10, 64, null), lazy.search(q, 10, 64, null));
        }
        assertThat(lazy.vector(1)).isEqualTo(eager.vector(1));
    }

    @Test
    void should_skip_nodes_whose_vector_the_source_cannot_supply() {
        HnswIndexTest.MemoryStore store = new HnswIndexTest.MemoryStore();
        HnswIndex eager = built(Metric.L2, store);
        HnswIndex lazy = pending(eager, store);
        Set<Integer> gone = new java.util.HashSet<>();
        for (int i = 0; i < N; i++) {
            if (i % 7 == 3 && i != eager.entryNode()) {
                gone.add(i);
            }
        }
        Source source = new Source(gone);
        for (float[] q : QUERIES) {
            NodeHits hits = lazy.search(q, 10, 64, null, source);
            assertThat(hits.size()).isEqualTo(10);
            for (int i = 0; i < hits.size(); i++) {
                assertThat(gone).doesNotContain(hits.node(i));
                assertThat(eager.isDeleted(hits.node(i))).isFalse();
            }
        }
        assertThat(lazy.vectorsPending()).isTrue();
    }

    @Test
    void should_restore_lists_decoded_in_place_from_a_larger_array_as_from_decoded_lists() {
        HnswIndexTest.MemoryStore store = new HnswIndexTest.MemoryStore();
        HnswIndex eager = built(Metric.COSINE, store);
        HnswIndex.Loader loader = HnswIndex.loader(eager.config());
        for (int node = 0; node < N; node++) {
            HnswIndexTest.Stored s = store.nodes.get(node);
            byte[] encoded = GraphCodec.encode(s.neighbors());
            byte[] padded = new byte[encoded.length + 7 + node % 5];
            java.util.Arrays.fill(padded, (byte) 0x7F);
            System.arraycopy(encoded, 0, padded, 3, encoded.length);
            loader.node(node, s.deleted() ? DATA[node] : null, s.level(), s.deleted(), padded, 3, encoded.length);
        }
        HnswIndex lazy = loader.finishPending(store.entryNode, store.maxLevel);
        for (int node = 0; node < N; node++) {
            assertThat(lazy.level(node)).isEqualTo(eager.level(node));
            for (int layer = 0; layer <= eager.level(node); layer++) {
                assertThat(lazy.neighbors(node, layer)).isEqualTo(eager.neighbors(node, layer));
            }
        }
        Source source = new Source(Set.of());
        for (float[] q : QUERIES) {
            assertSame(eager.search(q, 10, 64, null), lazy.search(q, 10, 64, null, source));
        }

        // damage is refused with the codec reader's own messages
        byte[] good = GraphCodec.encode(new int[][] {{1, 2}});
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 1);
        byte[] trailing = java.util.Arrays.copyOf(good, good.length + 2);
        byte[] badMagic = good.clone();
        badMagic[0] = 0;
        for (byte[] bad : new byte[][] {truncated, trailing, badMagic, new byte[5]}) {
            HnswIndex.Loader l = HnswIndex.loader(eager.config());
            assertThatThrownBy(() -> l.node(0, DATA[0], 0, false, bad, 0, bad.length))
                    .isInstanceOf(AgentDBException.class)
                    .hasMessage(messageOf(() -> GraphCodecReader.decode(bad)));
        }
        HnswIndex.Loader l = HnswIndex.loader(eager.config());
        assertThatThrownBy(() -> l.node(0, DATA[0], 1, false, good, 0, good.length)).hasMessageContaining("needs 2 neighbour lists, got 1");
        int[] tooMany = new int[2 * eager.config().m() + 1];
        byte[] overfull = GraphCodec.encode(new int[][] {tooMany});
        assertThatThrownBy(() -> l.node(0, DATA[0], 0, false, overfull, 0, overfull.length)).hasMessageContaining("more than the limit");
    }

    private static String messageOf(Runnable r) {
        try {
            r.run();
        } catch (AgentDBException e) {
            return e.getMessage();
        }
        throw new AssertionError("no exception");
    }

    @Test
    void should_start_from_a_neighbour_of_the_entry_node_when_the_entry_nodes_vector_cannot_be_had() {
        HnswIndexTest.MemoryStore store = new HnswIndexTest.MemoryStore();
        HnswIndex eager = built(Metric.L2, store);
        int entry = eager.entryNode();
        assertThat(eager.isDeleted(entry)).isFalse();
        // another process deleted the entry node's record while the vectors were pending
        HnswIndex lazy = pending(eager, store);
        Source source = new Source(Set.of(entry));
        BitSet live = new BitSet();
        for (int node = 0; node < N; node++) {
            if (!eager.isDeleted(node) && node != entry) {
                live.set(node);
            }
        }
        int found = 0;
        int traversed = 0;
        for (float[] q : QUERIES) {
            NodeHits hits = lazy.search(q, 10, 64, null, source);
            NodeHits truth = eager.exactSearch(q, 10, live);
            assertThat(hits.size()).isEqualTo(10);
            traversed += hits.exact() ? 0 : 1;
            for (int i = 0; i < hits.size(); i++) {
                assertThat(hits.node(i)).isNotEqualTo(entry);
                for (int j = 0; j < truth.size(); j++) {
                    found += truth.node(j) == hits.node(i) ? 1 : 0;
                }
            }
        }
        assertThat(traversed).as("searches that traversed the graph from a substitute entry").isEqualTo(QUERIES.length);
        assertThat(found / (10.0 * QUERIES.length)).as("recall@10 without the entry node").isGreaterThan(0.9);

        // no neighbour of the entry node can be had either: the exact scan answers, skipping what is missing
        Set<Integer> isolated = new java.util.HashSet<>(Set.of(entry));
        for (int layer = 0; layer <= eager.level(entry); layer++) {
            for (int nb : eager.neighbors(entry, layer)) {
                isolated.add(nb);
            }
        }
        HnswIndex lazy2 = pending(eager, store);
        NodeHits hits = lazy2.search(QUERIES[0], 10, 64, null, new Source(isolated));
        assertThat(hits.exact()).isTrue();
        assertThat(hits.size()).isEqualTo(10);
        for (int i = 0; i < hits.size(); i++) {
            assertThat(isolated).doesNotContain(hits.node(i));
        }
    }

    @Test
    void should_refuse_writes_while_pending_and_release_waiters_when_complete_or_abandoned() throws Exception {
        HnswIndexTest.MemoryStore store = new HnswIndexTest.MemoryStore();
        HnswIndex eager = built(Metric.COSINE, store);
        HnswIndex lazy = pending(eager, store);
        assertThatThrownBy(() -> lazy.add(DATA[0])).isInstanceOf(IllegalStateException.class).hasMessageContaining("pending");
        assertThatThrownBy(() -> lazy.delete(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(lazy::compact).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> lazy.vector(1)).isInstanceOf(IllegalStateException.class);
        assertThat(lazy.vector(0)).as("a tombstone's vector is loaded with it").hasSize(DIM);
        assertThatThrownBy(() -> lazy.completeVectors()).hasMessageContaining("never got a vector");

        CountDownLatch done = new CountDownLatch(1);
        AtomicBoolean result = new AtomicBoolean();
        Thread waiter = new Thread(() -> {
            result.set(lazy.awaitVectors());
            done.countDown();
        });
        waiter.start();
        assertThat(done.await(100, TimeUnit.MILLISECONDS)).as("a writer waits for the vectors").isFalse();
        assertThat(lazy.supplyVector(1, DATA[1])).isTrue();
        assertThat(lazy.supplyVector(1, DATA[1])).as("a second supply keeps the first").isFalse();
        assertThatThrownBy(() -> lazy.supplyVector(2, new float[] {1f})).isInstanceOf(dev.agentdb.DimensionMismatchException.class);
        float[] nan = DATA[2].clone();
        nan[3] = Float.NaN;
        assertThatThrownBy(() -> lazy.supplyVector(2, nan)).isInstanceOf(dev.agentdb.InvalidInputException.class);
        for (int node = 0; node < N; node++) {
            if (!eager.isDeleted(node)) {
                lazy.supplyVector(node, DATA[node]);
            }
        }
        lazy.completeVectors();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(result.get()).isTrue();
        int added = lazy.add(QUERIES[0]);
        assertThat(lazy.search(QUERIES[0], 1, 32, null).node(0)).isEqualTo(added);

        HnswIndex abandoned = pending(eager, store);
        abandoned.abandonVectors("stopped");
        assertThat(abandoned.awaitVectors()).isFalse();
        assertThatThrownBy(() -> abandoned.search(QUERIES[0], 5, 32, null)).isInstanceOf(AgentDBException.class)
                .hasMessageContaining("stopped");
        assertThat(abandoned.search(QUERIES[0], 5, 32, null, new Source(Set.of())).size()).isEqualTo(5);
    }

    /**
     * Searching threads fetch vectors while a fill thread supplies every vector in random order: every
     * answer equals the eager index's to the last bit, which a search that read a half-written vector
     * would not give.
     */
    @ParameterizedTest
    @EnumSource(value = Metric.class, names = {"L2", "COSINE"})
    void should_answer_exactly_while_a_fill_races_concurrent_searches(Metric metric) throws Exception {
        HnswIndexTest.MemoryStore store = new HnswIndexTest.MemoryStore();
        HnswIndex eager = built(metric, store);
        NodeHits[] expected = new NodeHits[QUERIES.length];
        for (int i = 0; i < QUERIES.length; i++) {
            expected[i] = eager.search(QUERIES[i], 10, 48, null);
        }
        for (int round = 0; round < 5; round++) {
            HnswIndex lazy = pending(eager, store);
            List<Integer> order = new ArrayList<>();
            for (int node = 0; node < N; node++) {
                if (!eager.isDeleted(node)) {
                    order.add(node);
                }
            }
            Collections.shuffle(order, new java.util.Random(round));
            CountDownLatch start = new CountDownLatch(1);
            List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
            Thread fill = new Thread(() -> {
                try {
                    start.await();
                    for (int node : order) {
                        lazy.supplyVector(node, VectorCodec.encode(DATA[node]));
                    }
                    lazy.completeVectors();
                } catch (Throwable t) {
                    failures.add(t);
                }
            });
            fill.start();
            List<Thread> searchers = new ArrayList<>();
            Set<Integer> nothingGone = ConcurrentHashMap.newKeySet();
            for (int t = 0; t < 3; t++) {
                int offset = t;
                Thread s = new Thread(() -> {
                    Source source = new Source(nothingGone);
                    try {
                        start.await();
                        for (int pass = 0; pass < 3; pass++) {
                            for (int i = offset; i < QUERIES.length; i += 3) {
                                NodeHits hits = lazy.search(QUERIES[i], 10, 48, null, source);
                                for (int j = 0; j < hits.size(); j++) {
                                    if (hits.node(j) != expected[i].node(j) || hits.distance(j) != expected[i].distance(j)) {
                                        throw new AssertionError("query " + i + " rank " + j + ": " + hits.node(j) + "/"
                                                + hits.distance(j) + " instead of " + expected[i].node(j) + "/" + expected[i].distance(j));
                                    }
                                }
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                s.start();
                searchers.add(s);
            }
            start.countDown();
            fill.join(30_000);
            for (Thread s : searchers) {
                s.join(30_000);
            }
            assertThat(failures).isEmpty();
            assertThat(lazy.vectorsPending()).isFalse();
        }
    }
}
