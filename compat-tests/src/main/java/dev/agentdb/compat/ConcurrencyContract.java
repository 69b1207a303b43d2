package dev.agentdb.compat;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionSpec;
import dev.agentdb.DimensionMismatchException;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.agentdb.compat.Records.ids;
import static dev.agentdb.compat.Records.scanAll;
import static dev.agentdb.compat.TestVectors.vec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract: one {@code AgentDB} shared by several threads. Readers search (with and without
 * filters) while two writers insert; a bounded number of iterations, no timing assertions. Every
 * call must succeed, the final count must be exact and every inserted id retrievable. Then writers
 * on several connections ({@link #openAgain()} handles on the same database) insert disjoint ids in
 * batches and upsert shared ids: counts exact, every record whole, every connection sees it all.
 * Last, filtered searches must only return records matching their filter while writers keep
 * flipping the metadata the filter tests (tagged {@value #FILTER_CONSISTENCY_TAG}).
 */
public interface ConcurrencyContract extends CompatFixture {
    /** Reader threads. */
    int READERS = 3;
    /** Writer threads. */
    int WRITERS = 2;
    /** Batches each writer inserts. */
    int BATCHES_PER_WRITER = 10;
    /** Records per batch. */
    int BATCH_SIZE = 10;
    /** Searches each reader runs. */
    int SEARCHES_PER_READER = 40;
    /** Writer threads of the several-connections test, each with its own {@code AgentDB} handle. */
    int CONNECTION_WRITERS = 4;
    /** Batches each of those writers inserts. */
    int CONNECTION_BATCHES = 5;
    /** Records per batch in that test. */
    int CONNECTION_BATCH_SIZE = 20;
    /** Ids every writer of that test upserts after each batch. */
    int SHARED_IDS = 10;
    /** Minutes a concurrent test waits for its threads: a guard against a deadlocked backend, not a performance assertion. */
    long HANG_GUARD_MINUTES = 5;
    /** Records of the filtered-search consistency test. */
    int FLIP_RECORDS = 200;
    /** Their dimension. */
    int FLIP_DIMENSION = 16;
    /** Writer threads of that test, each flipping the metadata of its own records. */
    int FLIP_WRITERS = 4;
    /** Searcher threads of that test, each running filtered searches. */
    int FLIP_SEARCHERS = 4;
    /** The system property overriding {@link #FLIP_MILLIS}. */
    String FLIP_MILLIS_PROPERTY = "agentdb.compat.flipMillis";
    /**
     * How long that test's threads run, in milliseconds: 3,000 unless the system property
     * {@value #FLIP_MILLIS_PROPERTY} says otherwise (longer runs for chasing a rare race).
     */
    long FLIP_MILLIS = Long.getLong(FLIP_MILLIS_PROPERTY, 3_000);
    /** The tag of that test, for selecting it ({@code -Dgroups=...}) or leaving it out. */
    String FILTER_CONSISTENCY_TAG = "filter-consistency";

    /**
     * Readers searching (with and without filters), counting and getting while two writers insert see
     * only whole, matching results; afterwards counts are exact and every record is found.
     *
     * @throws Exception when a thread fails or hangs past the guard
     */
    @Test
    default void should_stay_consistent_when_threads_search_while_others_write() throws Exception {
        float[][] seed = TestVectors.uniform(300, 16, 81);
        List<VectorRecord> initial = new ArrayList<>();
        for (int i = 0; i < seed.length; i++) {
            initial.add(VectorRecord.of("s" + i, seed[i], Map.of("writer", -1L)));
        }
        VectorCollection c = db().createCollection("docs", CollectionSpec.of(16, Metric.COSINE));
        c.insertBatch(initial);
        awaitSearchable(c, seed.length);
        float[][] fresh = TestVectors.uniform(WRITERS * BATCHES_PER_WRITER * BATCH_SIZE, 16, 82);

        ExecutorService pool = Executors.newFixedThreadPool(READERS + WRITERS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<String>>> futures = new ArrayList<>();
        try {
            for (int w = 0; w < WRITERS; w++) {
                final long writer = w;
                futures.add(pool.submit(task(start, () -> {
                    List<String> written = new ArrayList<>();
                    for (int b = 0; b < BATCHES_PER_WRITER; b++) {
                        List<VectorRecord> batch = new ArrayList<>();
                        for (int i = 0; i < BATCH_SIZE; i++) {
                            int n = (int) writer * BATCHES_PER_WRITER * BATCH_SIZE + b * BATCH_SIZE + i;
                            batch.add(VectorRecord.of("w" + writer + "-" + n, fresh[n], Map.of("writer", writer)));
                        }
                        if (b % 2 == 0) {
                            written.addAll(c.insertBatch(batch));
                        } else {
                            for (VectorRecord r : batch) {
                                written.add(c.insert(r));
                            }
                        }
                    }
                    return written;
                })));
            }
            for (int r = 0; r < READERS; r++) {
                final int reader = r;
                futures.add(pool.submit(task(start, () -> {
                    for (int q = 0; q < SEARCHES_PER_READER; q++) {
                        float[] query = seed[(reader * 31 + q * 7) % seed.length];
                        List<SearchResult> hits = q % 3 == 0
                                ? c.search(query, 10, Filter.eq("writer", -1L))
                                : c.search(query, 10);
                        assertThat(hits).hasSize(10);
                        assertThat(ids(hits)).doesNotHaveDuplicates();
                        if (q % 3 == 0) {
                            assertThat(hits).allSatisfy(h -> assertThat(h.metadata()).containsEntry("writer", -1L));
                        }
                        assertThat(c.count()).isBetween((long) seed.length,
                                (long) seed.length + fresh.length);
                        assertThat(c.get("s" + q)).isPresent();
                    }
                    return List.of();
                })));
            }
            start.countDown();
            List<String> written = new ArrayList<>();
            for (Future<List<String>> f : futures) {
                written.addAll(f.get(HANG_GUARD_MINUTES, TimeUnit.MINUTES));
            }

            assertThat(written).hasSize(fresh.length).doesNotHaveDuplicates();
            assertThat(c.count()).isEqualTo(seed.length + fresh.length);
            for (String id : written) {
                assertThat(c.get(id)).as(id).isPresent();
            }
            assertThat(c.count(Filter.eq("writer", 0L))).isEqualTo(BATCHES_PER_WRITER * BATCH_SIZE);
            awaitSearchable(c, seed.length + fresh.length);
            assertThat(c.search(fresh[fresh.length - 1], 1)).extracting(SearchResult::id)
                    .containsExactly("w1-" + (fresh.length - 1));
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    /**
     * Threads upserting one id at the same time leave one record whose embedding and metadata come
     * from the same upsert.
     *
     * @throws Exception when a thread fails or hangs past the guard
     */
    @Test
    default void should_give_each_concurrent_upsert_of_one_id_a_whole_record() throws Exception {
        VectorCollection c = db().createCollection("docs", CollectionSpec.of(4, Metric.L2));
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<String>>> futures = new ArrayList<>();
        try {
            for (int w = 0; w < WRITERS + 1; w++) {
                final float value = w + 1;
                futures.add(pool.submit(task(start, () -> {
                    for (int i = 0; i < 30; i++) {
                        c.upsert(VectorRecord.of("shared", vec(value, value, value, value), Map.of("v", (double) value)));
                    }
                    return List.of();
                })));
            }
            start.countDown();
            for (Future<List<String>> f : futures) {
                f.get(HANG_GUARD_MINUTES, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }

        VectorRecord got = c.get("shared").orElseThrow();
        assertThat(c.count()).isEqualTo(1);
        float v = got.embedding()[0];
        assertThat(got.embedding()).as("embedding from one writer").containsOnly(v);
        assertThat(((Number) got.metadata().get("v")).doubleValue()).as("metadata from the same writer").isEqualTo(v);
        awaitSearchable(c, 1);
        assertThat(ids(c.search(vec(v, v, v, v), 5))).containsExactly("shared");
    }

    /**
     * The default collection's dimension fixed by one connection's first insert is seen, and
     * enforced, by another connection.
     */
    @Test
    default void should_see_the_default_collections_dimension_fixed_by_another_connection() {
        AgentDB other = openAgain();
        VectorCollection mine = db().defaultCollection();
        assertThat(mine.spec().dimension()).isZero();
        other.defaultCollection().insert(VectorRecord.of("first", vec(1, 0, 0), Map.of("by", "other")));

        assertThat(mine.spec().dimension()).as("the dimension another connection fixed").isEqualTo(3);
        awaitSearchable(mine, 1);
        assertThat(ids(mine.search(vec(1, 0, 0), 5))).containsExactly("first");
        assertThatThrownBy(() -> mine.insert(VectorRecord.of("wrong", vec(1, 0, 0, 0), Map.of())))
                .isInstanceOf(DimensionMismatchException.class);
        mine.insert(VectorRecord.of("second", vec(0, 1, 0), Map.of("by", "mine")));
        assertThat(other.defaultCollection().count()).isEqualTo(2);
        awaitSearchable(other.defaultCollection(), 2);
        assertThat(ids(other.defaultCollection().search(vec(0, 1, 0), 1))).containsExactly("second");
    }

    /**
     * Writers on several connections inserting disjoint ids and upserting shared ones leave exact
     * counts and whole records, which every connection finds by ANN.
     *
     * @throws Exception when a thread fails or hangs past the guard
     */
    @Test
    default void should_keep_counts_exact_when_writers_on_several_connections_insert_and_upsert() throws Exception {
        int dim = 8;
        db().createCollection("docs", CollectionSpec.of(dim, Metric.L2));
        List<AgentDB> handles = new ArrayList<>();
        handles.add(db());
        for (int i = 1; i < CONNECTION_WRITERS; i++) {
            handles.add(openAgain());
        }
        int perWriter = CONNECTION_BATCHES * CONNECTION_BATCH_SIZE;
        float[][] fresh = TestVectors.uniform(CONNECTION_WRITERS * perWriter, dim, 83);

        ExecutorService pool = Executors.newFixedThreadPool(CONNECTION_WRITERS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<String>>> futures = new ArrayList<>();
        try {
            for (int w = 0; w < CONNECTION_WRITERS; w++) {
                final int writer = w;
                final VectorCollection c = handles.get(w).collection("docs");
                futures.add(pool.submit(task(start, () -> {
                    List<String> written = new ArrayList<>();
                    for (int b = 0; b < CONNECTION_BATCHES; b++) {
                        List<VectorRecord> batch = new ArrayList<>();
                        for (int i = 0; i < CONNECTION_BATCH_SIZE; i++) {
                            int n = writer * perWriter + b * CONNECTION_BATCH_SIZE + i;
                            batch.add(new VectorRecord(connectionId(n), fresh[n],
                                    Map.of("writer", (long) writer, "n", (long) n), "text " + n, 1_000L + n));
                        }
                        written.addAll(c.insertBatch(batch));
                        // every writer upserts the shared ids in the same order (no lock-order deadlock)
                        float value = writer * CONNECTION_BATCHES + b + 1;
                        List<VectorRecord> shared = new ArrayList<>();
                        for (int s = 0; s < SHARED_IDS; s++) {
                            shared.add(VectorRecord.of("shared-" + s, filled(dim, value),
                                    Map.of("v", (double) value, "shared", true)));
                        }
                        if (b % 2 == 0) {
                            c.upsertBatch(shared);
                        } else {
                            for (VectorRecord r : shared) {
                                c.upsert(r);
                            }
                        }
                    }
                    return written;
                })));
            }
            start.countDown();
            List<String> written = new ArrayList<>();
            for (Future<List<String>> f : futures) {
                written.addAll(f.get(HANG_GUARD_MINUTES, TimeUnit.MINUTES));
            }
            assertThat(written).hasSize(fresh.length).doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }

        awaitSearchable(db().collection("docs"), fresh.length + SHARED_IDS);
        for (int h = 0; h < handles.size(); h++) {
            VectorCollection c = handles.get(h).collection("docs");
            assertThat(c.count()).as("count seen by connection %d", h).isEqualTo(fresh.length + SHARED_IDS);
            assertThat(c.count(Filter.eq("shared", true))).as("shared ids seen by connection %d", h).isEqualTo(SHARED_IDS);
            for (int w = 0; w < CONNECTION_WRITERS; w++) {
                assertThat(c.count(Filter.eq("writer", (long) w))).as("records of writer %d", w).isEqualTo(perWriter);
            }
            for (int other = 0; other < CONNECTION_WRITERS; other++) {
                int probe = other * perWriter + perWriter - 1; // the last record of each writer
                assertThat(ids(c.search(fresh[probe], 1))).as("ANN on connection %d finds %s written on connection %d",
                        h, connectionId(probe), other).containsExactly(connectionId(probe));
            }
        }
        VectorCollection c = db().collection("docs");
        for (int n = 0; n < fresh.length; n++) {
            VectorRecord got = c.get(connectionId(n)).orElseThrow(() -> new AssertionError("missing record"));
            assertThat(got.embedding()).as("embedding of %s", got.id()).containsExactly(fresh[n]);
            assertThat(got.metadata()).as("metadata of %s", got.id())
                    .containsOnly(Map.entry("writer", (long) (n / perWriter)), Map.entry("n", (long) n));
            assertThat(got.text()).isEqualTo("text " + n);
            assertThat(got.timestamp()).isEqualTo(1_000L + n);
        }
        for (int s = 0; s < SHARED_IDS; s++) {
            VectorRecord got = c.get("shared-" + s).orElseThrow();
            float v = got.embedding()[0];
            assertThat(got.embedding()).as("embedding of shared-%d from one upsert", s).containsOnly(v);
            assertThat(((Number) got.metadata().get("v")).doubleValue()).as("metadata of shared-%d from the same upsert", s)
                    .isEqualTo(v);
        }
    }

    /**
     * Pins a consistency rule of filtered search: every result satisfies the filter, also while other
     * threads keep changing the metadata it tests. Four writers flip {@code g} between 0 and 1 on
     * their own records with upserts, insert new records and delete some of them (see
     * {@link FlipWorkload}) while four searchers run filtered searches ({@code g == 1}, {@code $in},
     * {@code $and}, {@code g == 0}; exact and approximate) for {@link #FLIP_MILLIS};
     * {@code Filter.test} on each result's metadata is the oracle. A backend that reads the ids
     * matching the filter and the result rows in two unsynchronised reads fails it. Every call must
     * succeed (no exception at all). Once the writers stop, the count is the initial records plus
     * the inserts minus the deletes, and each filter's search returns exactly the records whose
     * stored metadata match it.
     *
     * @throws Exception when a thread fails or hangs past the guard
     */
    @Test
    @Tag(FILTER_CONSISTENCY_TAG)
    default void should_return_only_records_matching_the_filter_while_writers_flip_their_metadata() throws Exception {
        float[][] vectors = TestVectors.clustered(FLIP_RECORDS, FLIP_DIMENSION, 8, 0.3, 84);
        VectorCollection c = db().createCollection("flips", CollectionSpec.of(FLIP_DIMENSION, Metric.COSINE));
        List<VectorRecord> initial = new ArrayList<>();
        for (int i = 0; i < vectors.length; i++) {
            initial.add(VectorRecord.of(TestVectors.id(i, 4), vectors[i], FlipWorkload.initialMetadata(i)));
        }
        c.insertBatch(initial);
        awaitSearchable(c, FLIP_RECORDS);

        FlipWorkload work = new FlipWorkload(c, vectors, FLIP_MILLIS);
        ExecutorService pool = Executors.newFixedThreadPool(FLIP_WRITERS + FLIP_SEARCHERS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Void>> futures = new ArrayList<>();
        try {
            for (int w = 0; w < FLIP_WRITERS; w++) {
                futures.add(pool.submit(task(start, work.writer(w, FLIP_WRITERS))));
            }
            for (int s = 0; s < FLIP_SEARCHERS; s++) {
                futures.add(pool.submit(task(start, work.searcher(s))));
            }
            start.countDown();
            for (Future<Void> f : futures) {
                f.get(HANG_GUARD_MINUTES, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }

        System.out.printf("[agentdb-compat] filter consistency on %s: %d filtered searches (%d results checked), %d with "
                + "records outside their filter; %d records flipped, %d inserted, %d deleted; %d ms%n", db().backendType(),
                work.searches(), work.results(), work.failedSearches(), work.flips(), work.inserts(), work.deletes(), FLIP_MILLIS);
        assertThat(work.flips()).as("records flipped").isPositive();
        assertThat(work.searches()).as("filtered searches run").isPositive();
        assertThat(work.violations())
                .as("%d of %d filtered searches (%d results, %d records flipped meanwhile) returned records outside "
                        + "their filter; the first ones", work.failedSearches(), work.searches(), work.results(), work.flips())
                .isEmpty();

        long expectedCount = FLIP_RECORDS + work.inserts() - work.deletes();
        assertThat(c.count()).as("count after %d inserts and %d deletes", work.inserts(), work.deletes())
                .isEqualTo(expectedCount);
        awaitSearchable(c, expectedCount);
        Map<String, Map<String, Object>> stored = new HashMap<>();
        for (VectorRecord r : scanAll(c)) {
            stored.put(r.id(), r.metadata());
        }
        for (Filter filter : FlipWorkload.FILTERS) {
            Set<String> expected = new TreeSet<>();
            stored.forEach((id, metadata) -> {
                if (filter.test(metadata)) {
                    expected.add(id);
                }
            });
            for (boolean exact : new boolean[] {true, false}) {
                List<SearchResult> atRest = c.search(SearchRequest.builder(vectors[0]).k(stored.size()).filter(filter)
                        .exact(exact).build());
                assertThat(new TreeSet<>(ids(atRest))).as("%s search %s once the writers stopped",
                        exact ? "exact" : "approximate", filter.toJson()).isEqualTo(expected);
            }
        }
    }

    private static String connectionId(int n) {
        return "m" + String.format("%04d", n);
    }

    private static float[] filled(int dim, float value) {
        float[] out = new float[dim];
        Arrays.fill(out, value);
        return out;
    }

    private static <T> Callable<T> task(CountDownLatch start, Callable<T> body) {
        return () -> {
            start.await();
            return body.call();
        };
    }
}
