package dev.agentdb.engine;

import dev.agentdb.CollectionSpec;
import dev.agentdb.ConflictException;
import dev.agentdb.IndexParams;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IndexEngineTest {
    private static final int DIM = 16;
    private static final String NAME = "docs";
    private static final CollectionSpec SPEC = new CollectionSpec(DIM, Metric.L2, IndexParams.hnsw(8, 64, 48));

    private final MemoryBackend backend = new MemoryBackend();
    private IndexEngine engine = new IndexEngine("memory");

    private static List<VectorRecord> records(int from, int to, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<VectorRecord> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            float[] v = new float[DIM];
            for (int d = 0; d < DIM; d++) {
                v[d] = (float) r.nextGaussian();
            }
            out.add(new VectorRecord("r" + i, v, Map.of("n", (long) i, "even", i % 2 == 0), null, 0L));
        }
        return out;
    }

    /** Writes like an adapter: rows and nodes in one "transaction", then commits. */
    private IndexedCollection insert(IndexedCollection state, List<VectorRecord> records, boolean upsert) {
        IndexedCollection after = engine.write(state, records, upsert, () -> backend.put(records), backend, () -> { });
        engine.committed(List.of(NAME));
        return after;
    }

    private IndexedCollection fresh() {
        engine.create(NAME, SPEC, backend);
        IndexedCollection state = engine.load(NAME, SPEC, backend, backend);
        engine.committed(List.of(NAME));
        return state;
    }

    private List<SearchResult> search(IndexedCollection state, SearchRequest request) {
        return engine.search(state, SPEC, request, backend);
    }

    @Test
    void should_load_the_persisted_graph_without_rebuilding_and_answer_identically() {
        IndexedCollection state = insert(fresh(), records(0, 500, 1), false);
        assertThat(state.nodes().key(state.nodes().ordinal("r7"))).isEqualTo(backend.rows.get("r7").key());
        IndexEngine reopened = new IndexEngine("memory");
        IndexedCollection loaded = reopened.load(NAME, SPEC, backend, backend);
        assertThat(loaded.rebuilt()).isFalse();
        assertThat(loaded.liveCount()).isEqualTo(500);
        assertThat(loaded.nodes().key(loaded.nodes().ordinal("r7"))).isEqualTo(backend.rows.get("r7").key());
        for (VectorRecord q : records(1000, 1020, 2)) {
            SearchRequest request = SearchRequest.of(q.embedding(), 10);
            assertThat(reopened.search(loaded, SPEC, request, backend)).isEqualTo(search(state, request));
        }
    }

    @Test
    void should_rebuild_a_stale_graph_from_the_records() {
        insert(fresh(), records(0, 200, 1), false);
        backend.rows.remove("r3"); // a row deleted behind the engine's back: a live node without a record
        IndexedCollection loaded = new IndexEngine("memory").load(NAME, SPEC, backend, backend);
        assertThat(loaded.rebuilt()).isTrue();
        assertThat(loaded.liveCount()).isEqualTo(199);
        assertThat(backend.nodes).hasSize(199);
        // and the rebuilt graph is persisted: the next load needs no rebuild
        assertThat(new IndexEngine("memory").load(NAME, SPEC, backend, backend).rebuilt()).isFalse();
    }

    @Test
    void should_refuse_a_graph_written_in_an_unknown_format() {
        insert(fresh(), records(0, 20, 1), false);
        backend.header.put(GraphHeader.FORMAT, "99");
        assertThatThrownBy(() -> new IndexEngine("memory").load(NAME, SPEC, backend, backend))
                .isInstanceOf(ConflictException.class).hasMessageContaining("format version 99");
    }

    @Test
    void should_compact_tombstones_while_open_and_keep_answers_exact_on_the_survivors() {
        IndexedCollection state = insert(fresh(), records(0, 4_000, 1), false);
        List<String> doomed = new ArrayList<>();
        for (int i = 0; i < 4_000; i += 3) {
            doomed.add("r" + i);
        }
        doomed.forEach(backend.rows::remove);
        state = engine.delete(state, doomed, backend);
        engine.committed(List.of(NAME));
        assertThat(engine.compactions()).isEqualTo(1);
        assertThat(state.tombstones()).isZero();
        assertThat(state.liveCount()).isEqualTo(4_000 - doomed.size());
        assertThat(backend.nodes).hasSize(state.liveCount());
        assertThat(engine.loaded(NAME, SPEC)).isSameAs(state);
        Set<String> gone = new HashSet<>(doomed);
        for (VectorRecord q : records(5_000, 5_030, 3)) {
            List<SearchResult> hits = search(state, SearchRequest.of(q.embedding(), 10));
            assertThat(hits).hasSize(10).noneMatch(h -> gone.contains(h.id()));
        }
        IndexedCollection reloaded = new IndexEngine("memory").load(NAME, SPEC, backend, backend);
        assertThat(reloaded.rebuilt()).isFalse();
        assertThat(reloaded.liveCount()).isEqualTo(state.liveCount());
    }

    @Test
    void should_replace_a_record_on_upsert_and_never_return_its_old_version() {
        IndexedCollection state = insert(fresh(), records(0, 100, 1), false);
        float[] moved = new float[DIM];
        moved[0] = 100;
        VectorRecord replacement = new VectorRecord("r5", moved, Map.of("n", 5L, "even", false, "v", 2L), null, 0L);
        state = insert(state, List.of(replacement), true);
        List<SearchResult> near = search(state, SearchRequest.of(moved, 1));
        assertThat(near).extracting(SearchResult::id).containsExactly("r5");
        assertThat(near.get(0).metadata()).containsEntry("v", 2L);
        assertThat(near.get(0).distance()).isZero();
        assertThat(state.liveCount()).isEqualTo(100);
        assertThat(state.tombstones()).isEqualTo(1);
    }

    @Test
    void should_skip_vanished_rows_and_ask_the_graph_for_more() {
        engine = new IndexEngine("memory", 0); // rows vanish behind the engine's back: nothing may be cached
        IndexedCollection state = insert(fresh(), records(0, 300, 1), false);
        float[] q = records(900, 901, 9).get(0).embedding();
        List<SearchResult> before = search(state, SearchRequest.of(q, 10));
        // the ten nearest rows vanish (another writer deleted them; the graph does not know yet)
        before.forEach(r -> backend.rows.remove(r.id()));
        List<SearchResult> after = search(state, SearchRequest.builder(q).k(10).efSearch(10).build());
        assertThat(after).hasSize(10);
        assertThat(after).extracting(SearchResult::id).doesNotContainAnyElementsOf(before.stream().map(SearchResult::id).toList());
    }

    @Test
    void should_return_only_rows_matching_the_filter_at_the_time_they_are_read() {
        engine = new IndexEngine("memory", 0); // a row changes behind the engine's back: nothing may be cached
        IndexedCollection state = insert(fresh(), records(0, 400, 1), false);
        Filter even = Filter.eq("even", true);
        float[] q = records(900, 901, 9).get(0).embedding();
        List<SearchResult> hits = search(state, SearchRequest.builder(q).k(20).filter(even).build());
        assertThat(hits).hasSize(20).allMatch(h -> Boolean.TRUE.equals(h.metadata().get("even")));
        // the nearest matching row flips after the search listed the matching ids, before it reads the rows
        String flipped = hits.get(0).id();
        backend.afterMatching = () -> {
            VectorRecord r = backend.rows.get(flipped).record();
            backend.rows.put(flipped, new MemoryBackend.Row(backend.rows.get(flipped).key(),
                    new VectorRecord(flipped, r.embedding(), Map.of("even", false), null, 0L)));
        };
        assertThat(search(state, SearchRequest.builder(q).k(20).filter(even).build()))
                .hasSize(20).allMatch(h -> Boolean.TRUE.equals(h.metadata().get("even")))
                .noneMatch(h -> h.id().equals(flipped));
    }

    @Test
    void should_rescore_against_the_rows_while_a_write_is_in_flight() {
        IndexedCollection state = insert(fresh(), records(0, 100, 1), false);
        float[] q = new float[DIM];
        // a writer has changed r1's row but not (yet) told the graph: the graph still holds r1's old vector
        float[] far = new float[DIM];
        far[0] = 1_000;
        backend.rows.put("r1", new MemoryBackend.Row(backend.rows.get("r1").key(), new VectorRecord("r1", far, Map.of(), null, 0L)));
        state.beginWrite();
        List<SearchResult> hits = search(state, SearchRequest.of(q, 100));
        SearchResult r1 = hits.stream().filter(h -> h.id().equals("r1")).findFirst().orElseThrow();
        assertThat(r1.distance()).isCloseTo(1_000.0, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(hits.get(hits.size() - 1).id()).isEqualTo("r1");
        engine.committed(List.of(NAME));
    }

    @Test
    void should_build_a_large_batch_on_the_helper_thread_and_learn_every_row_key() {
        IndexedCollection state = insert(fresh(), records(0, 2_000, 1), false);
        for (int i = 0; i < 2_000; i += 97) {
            int node = state.nodes().ordinal("r" + i);
            assertThat(state.nodes().key(node)).isEqualTo(backend.rows.get("r" + i).key());
        }
        assertThat(backend.nodes).hasSize(2_000);
        assertThat(new IndexEngine("memory").load(NAME, SPEC, backend, backend).rebuilt()).isFalse();
    }

    @Test
    void should_publish_a_read_load_only_when_no_write_committed_meanwhile() {
        insert(fresh(), records(0, 50, 1), false);
        IndexEngine reader = new IndexEngine("memory");
        long generation = reader.generation(NAME);
        reader.committed(List.of(NAME)); // a write committed after the snapshot was taken
        IndexedCollection loaded = reader.loadForRead(NAME, SPEC, generation, backend, backend);
        assertThat(loaded).isNotNull();
        assertThat(reader.isLoaded(NAME)).isFalse();
        IndexedCollection published = reader.loadForRead(NAME, SPEC, reader.generation(NAME), backend, backend);
        assertThat(reader.loaded(NAME, SPEC)).isSameAs(published);
        backend.rows.remove("r1");
        assertThat(new IndexEngine("memory").loadForRead(NAME, SPEC, 0, backend, backend)).as("stale: needs a write").isNull();
    }

    @Test
    void should_serve_repeated_results_from_the_row_cache_and_never_a_replaced_version() {
        IndexedCollection state = insert(fresh(), records(0, 300, 1), false);
        float[] q = records(900, 901, 9).get(0).embedding();
        List<SearchResult> first = search(state, SearchRequest.of(q, 10));
        int fetches = backend.fetches;
        assertThat(search(state, SearchRequest.of(q, 10))).isEqualTo(first);
        assertThat(backend.fetches).as("every row came from the cache").isEqualTo(fetches);
        // with a filter, cached rows serve the nodes the backend accepted
        List<SearchResult> even = search(state, SearchRequest.builder(q).k(5).filter(Filter.eq("even", true)).build());
        assertThat(even).hasSize(5).allMatch(h -> Boolean.TRUE.equals(h.metadata().get("even")));

        // an upsert through the engine makes a new node: its new version is read, not the cached one
        String nearest = first.get(0).id();
        VectorRecord old = backend.rows.get(nearest).record();
        state = insert(state, List.of(new VectorRecord(nearest, old.embedding(), Map.of("even", false, "v", 2L), null, 0L)), true);
        SearchResult again = search(state, SearchRequest.of(q, 1)).get(0);
        assertThat(again.id()).isEqualTo(nearest);
        assertThat(again.metadata()).containsEntry("v", 2L);
        assertThat(search(state, SearchRequest.builder(q).k(5).filter(Filter.eq("even", true)).build()))
                .noneMatch(h -> h.id().equals(nearest));

        // while a write is in flight, the rows are read (and re-scored), not taken from the cache
        state.beginWrite();
        fetches = backend.fetches;
        search(state, SearchRequest.of(q, 10));
        assertThat(backend.fetches).isGreaterThan(fetches);
        engine.committed(List.of(NAME));
    }

    @Test
    void should_cache_no_more_rows_than_its_budget() {
        RowCache cache = new RowCache(1_000);
        for (int i = 0; i < 100; i++) {
            cache.put(i, StoredRow.ofJson("id-" + i, null, "{\"a\":1}", null));
        }
        assertThat(cache.usedBytes()).isLessThanOrEqualTo(1_000);
        assertThat(cache.size()).isBetween(1, 10);
        assertThat(new RowCache(0).get(0)).isNull();
    }

    /** A deferred scan of the rows as they were when it was made, which first waits for {@code gate} (and stops when asked). */
    private static VectorRows.Deferred gated(List<MemoryBackend.Row> rows, CountDownLatch gate,
                                             AtomicBoolean stopped) {
        return (dimension, sink, stop) -> {
            try {
                while (!gate.await(5, TimeUnit.MILLISECONDS)) {
                    if (stop.getAsBoolean()) {
                        stopped.set(true);
                        return 0;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
            for (MemoryBackend.Row r : rows) {
                if (stop.getAsBoolean()) {
                    stopped.set(true);
                    return 0;
                }
                sink.row(r.key(), r.record().id(), r.record().embedding().clone());
            }
            return 0;
        };
    }

    private static boolean fillRunning() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("agentdb-vector-fill-") && t.isAlive());
    }

    private static void awaitNoFill() throws InterruptedException {
        for (int i = 0; i < 500 && fillRunning(); i++) {
            Thread.sleep(10);
        }
        assertThat(fillRunning()).as("a fill thread is still alive").isFalse();
    }

    @Test
    void should_answer_from_a_lazy_load_as_from_an_eager_one_before_and_after_its_fill() throws Exception {
        IndexedCollection state = insert(fresh(), records(0, 600, 1), false);
        List<VectorRecord> queries = records(1000, 1020, 2);
        Map<Integer, List<SearchResult>> expected = new java.util.HashMap<>();
        for (int i = 0; i < queries.size(); i++) {
            expected.put(i, search(state, SearchRequest.of(queries.get(i).embedding(), 10)));
        }
        CountDownLatch gate = new CountDownLatch(1);
        backend.deferred = gated(backend.snapshot(), gate, new AtomicBoolean());
        IndexEngine reopened = new IndexEngine("memory");
        IndexedCollection lazy = reopened.loadForRead(NAME, SPEC, reopened.generation(NAME), backend, backend);
        assertThat(lazy.vectorsPending()).isTrue();
        assertThat(reopened.loaded(NAME, SPEC)).isSameAs(lazy);
        assertThat(lazy.nodes().key(lazy.nodes().ordinal("r7"))).as("keys come with the load").isEqualTo(backend.rows.get("r7").key());
        int fetches = backend.fetches;
        for (int i = 0; i < queries.size(); i++) {
            assertThat(reopened.search(lazy, SPEC, SearchRequest.of(queries.get(i).embedding(), 10), backend)).isEqualTo(expected.get(i));
        }
        assertThat(backend.fetches).as("vectors were fetched by the searches").isGreaterThan(fetches + queries.size());
        assertThat(lazy.vectorsPending()).isTrue();
        gate.countDown();
        assertThat(lazy.awaitVectors()).isTrue();
        assertThat(lazy.vectorsPending()).isFalse();
        for (int i = 0; i < queries.size(); i++) {
            assertThat(reopened.search(lazy, SPEC, SearchRequest.of(queries.get(i).embedding(), 10), backend)).isEqualTo(expected.get(i));
        }
        awaitNoFill();
    }

    @Test
    void should_start_the_fill_of_a_lazy_load_only_after_the_first_answer() throws Exception {
        insert(fresh(), records(0, 300, 1), false);
        CountDownLatch started = new CountDownLatch(1);
        VectorRows.Deferred rows = gated(backend.snapshot(), new CountDownLatch(0), new AtomicBoolean());
        backend.deferred = (dimension, sink, stop) -> {
            started.countDown();
            return rows.scan(dimension, sink, stop);
        };
        IndexEngine reopened = new IndexEngine("memory");
        IndexedCollection lazy = reopened.loadForRead(NAME, SPEC, reopened.generation(NAME), backend, backend);
        assertThat(lazy.vectorsPending()).isTrue();
        assertThat(started.await(200, TimeUnit.MILLISECONDS)).as("the fill started before the first answer").isFalse();
        assertThat(reopened.search(lazy, SPEC, SearchRequest.of(records(1000, 1001, 2).get(0).embedding(), 10), backend)).hasSize(10);
        assertThat(started.await(10, TimeUnit.SECONDS)).as("the fill starts after the first answer").isTrue();
        assertThat(lazy.awaitVectors()).isTrue();
        awaitNoFill();
    }

    @Test
    void should_answer_when_the_entry_nodes_record_is_deleted_during_the_fill() throws Exception {
        insert(fresh(), records(0, 400, 1), false);
        CountDownLatch gate = new CountDownLatch(1);
        backend.deferred = gated(backend.snapshot(), gate, new AtomicBoolean());
        IndexEngine reopened = new IndexEngine("memory");
        try {
            IndexedCollection lazy = reopened.loadForRead(NAME, SPEC, reopened.generation(NAME), backend, backend);
            assertThat(lazy.vectorsPending()).isTrue();
            String entryId = lazy.nodes().id(lazy.index().entryNode());
            backend.rows.remove(entryId); // another process deleted it after the load read the ids
            for (VectorRecord q : records(1000, 1010, 2)) {
                List<SearchResult> hits = reopened.search(lazy, SPEC, SearchRequest.of(q.embedding(), 10), backend);
                assertThat(hits).hasSize(10).noneMatch(h -> h.id().equals(entryId));
            }
        } finally {
            reopened.close();
            gate.countDown();
        }
        awaitNoFill();
    }

    @Test
    void should_load_a_graph_with_orphans_eagerly_so_they_are_found_at_once() throws Exception {
        insert(fresh(), records(0, 300, 1), false);
        // a graph written before the orphan guard: no node links to r42 on layer 0
        int orphan = 42;
        for (Map.Entry<Integer, MemoryBackend.Node> e : backend.nodes.entrySet()) {
            MemoryBackend.Node n = e.getValue();
            int[][] lists = dev.agentdb.hnsw.GraphCodec.decode(n.neighbors());
            lists[0] = java.util.Arrays.stream(lists[0]).filter(x -> x != orphan).toArray();
            e.setValue(new MemoryBackend.Node(n.id(), n.level(), n.deleted(), n.tombstoneVector(), dev.agentdb.hnsw.GraphCodec.encode(lists)));
        }
        assertThat(backend.nodes.get(orphan).id()).isEqualTo("r42");
        backend.deferred = gated(backend.snapshot(), new CountDownLatch(1), new AtomicBoolean());
        IndexEngine reopened = new IndexEngine("memory");
        try {
            IndexedCollection state = reopened.loadForRead(NAME, SPEC, reopened.generation(NAME), backend, backend);
            assertThat(state.vectorsPending()).as("loaded eagerly: the orphan is relinked before the first answer").isFalse();
            assertThat(state.rebuilt()).isFalse();
            float[] own = backend.rows.get("r42").record().embedding();
            assertThat(reopened.search(state, SPEC, SearchRequest.of(own, 1), backend).get(0).id()).isEqualTo("r42");
        } finally {
            reopened.close();
        }
        awaitNoFill();
    }

    @Test
    void should_make_writes_wait_for_the_fill_of_a_lazy_load() throws Exception {
        insert(fresh(), records(0, 300, 1), false);
        CountDownLatch gate = new CountDownLatch(1);
        backend.deferred = gated(backend.snapshot(), gate, new AtomicBoolean());
        IndexEngine reopened = new IndexEngine("memory");
        IndexedCollection lazy = reopened.loadForRead(NAME, SPEC, reopened.generation(NAME), backend, backend);
        assertThat(lazy.vectorsPending()).isTrue();
        CompletableFuture<IndexedCollection> writer = CompletableFuture.supplyAsync(() -> {
            IndexedCollection s = reopened.loadedForWrite(NAME, SPEC);
            List<VectorRecord> more = records(300, 310, 3);
            IndexedCollection after = reopened.write(s, more, false, () -> backend.put(more), backend, () -> { });
            reopened.committed(List.of(NAME));
            return after;
        });
        Thread.sleep(150);
        assertThat(writer).as("the write waits for the fill").isNotDone();
        gate.countDown();
        IndexedCollection after = writer.get(10, TimeUnit.SECONDS);
        assertThat(after.vectorsPending()).isFalse();
        assertThat(after.liveCount()).isEqualTo(310);
        assertThat(reopened.search(after, SPEC, SearchRequest.of(records(300, 310, 3).get(5).embedding(), 1), backend).get(0).id())
                .isEqualTo("r305");
        awaitNoFill();
    }

    @Test
    void should_fall_back_to_an_eager_load_when_the_records_do_not_match_the_live_nodes() {
        insert(fresh(), records(0, 200, 1), false);
        backend.deferred = gated(backend.snapshot(), new CountDownLatch(0), new AtomicBoolean());
        backend.rows.remove("r3"); // a live node without a record: the eager load decides (stale)
        IndexEngine reopened = new IndexEngine("memory");
        assertThat(reopened.loadForRead(NAME, SPEC, reopened.generation(NAME), backend, backend)).as("stale: needs a write").isNull();
        IndexedCollection rebuilt = reopened.load(NAME, SPEC, backend, backend);
        assertThat(rebuilt.rebuilt()).isTrue();
        assertThat(rebuilt.vectorsPending()).isFalse();
    }

    @Test
    void should_discard_a_lazy_load_whose_fill_finds_other_records_and_load_eagerly_next_time() throws Exception {
        insert(fresh(), records(0, 200, 1), false);
        List<MemoryBackend.Row> changed = backend.snapshot();
        changed.remove(5); // the fill's own read view lacks a record (another process deleted it meanwhile)
        backend.deferred = gated(changed, new CountDownLatch(0), new AtomicBoolean());
        IndexEngine reopened = new IndexEngine("memory");
        IndexedCollection lazy = reopened.loadForRead(NAME, SPEC, reopened.generation(NAME), backend, backend);
        assertThat(lazy.awaitVectors()).isFalse();
        for (int i = 0; i < 200 && reopened.isLoaded(NAME); i++) {
            Thread.sleep(5);
        }
        assertThat(reopened.isLoaded(NAME)).as("discarded").isFalse();
        IndexedCollection again = reopened.loadForRead(NAME, SPEC, reopened.generation(NAME), backend, backend);
        assertThat(again.vectorsPending()).as("loaded eagerly").isFalse();
        assertThat(again.liveCount()).isEqualTo(200);
        awaitNoFill();
    }

    @Test
    void should_stop_a_running_fill_when_the_engine_closes_or_the_collection_is_discarded() throws Exception {
        insert(fresh(), records(0, 200, 1), false);
        AtomicBoolean stopped = new AtomicBoolean();
        backend.deferred = gated(backend.snapshot(), new CountDownLatch(1), stopped); // never opens
        IndexEngine reopened = new IndexEngine("memory");
        IndexedCollection lazy = reopened.loadForRead(NAME, SPEC, reopened.generation(NAME), backend, backend);
        assertThat(fillRunning()).isTrue();
        long t0 = System.nanoTime();
        reopened.close();
        assertThat((System.nanoTime() - t0) / 1_000_000).as("close waits for the fill, which stops at once").isLessThan(2_000);
        assertThat(stopped).isTrue();
        assertThat(fillRunning()).isFalse();
        assertThat(lazy.awaitVectors()).isFalse();

        stopped.set(false);
        IndexEngine other = new IndexEngine("memory");
        other.loadForRead(NAME, SPEC, other.generation(NAME), backend, backend);
        other.discard(NAME);
        awaitNoFill();
        assertThat(stopped).isTrue();
        assertThat(other.isLoaded(NAME)).isFalse();
    }
}
