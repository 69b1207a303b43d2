package dev.agentdb.compat;

import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workload of {@link ConcurrencyContract}'s filtered-search consistency test. Records
 * {@code r0000...} carry metadata {@code {"g": 0 or 1, "v": version}}. Writers keep flipping
 * {@code g} of their own records (disjoint sets, so no two writers touch one record) and bump
 * {@code v}, in batches and one by one, now and then with a slightly moved embedding; each round a
 * writer also inserts a new record of its own ({@code w<writer>-<n>}) and, every other round (and
 * whenever it keeps more than 50), deletes the oldest one it inserted, counting both, so that the
 * final count is known. Searchers
 * run filtered searches on {@code g} meanwhile and record every result whose metadata fails its
 * filter ({@link Filter#test(Map)} is the oracle).
 *
 * <p>Flips land on many records per commit and searches ask for up to half the collection, so a
 * backend that reads the ids matching a filter and the rows it returns in two unsynchronised reads
 * is likely to return a record that no longer matches.
 */
final class FlipWorkload {
    /** Filters on {@code g}, in the forms a translator handles differently. */
    static final List<Filter> FILTERS = List.of(
            Filter.eq("g", 1),
            Filter.parse("{\"g\": {\"$in\": [1]}}"),
            Filter.and(Filter.eq("g", 1), Filter.gte("v", 0)),
            Filter.parse("{\"$and\": [{\"g\": 0}, {\"v\": {\"$gte\": 0}}]}"),
            Filter.in("g", 0));
    /** Records each writer flips per round. */
    private static final int FLIPS_PER_ROUND = 10;
    /** The {@code k} of the searches, alternately: few results, and about all the matching ones. */
    private static final int[] KS = {20, 100};
    /** Records a writer keeps of those it inserted, at most. */
    private static final int LIVE_INSERTS = 50;
    /** The reported violations, at most. */
    private static final int KEEP = 10;

    /** One result outside its filter. */
    record Violation(String filter, boolean exact, String id, Map<String, Object> metadata) {
        @Override
        public String toString() {
            return (exact ? "exact " : "") + "search " + filter + " returned " + id + " " + metadata;
        }
    }

    private final VectorCollection collection;
    private final float[][] vectors;
    private final long deadlineNanos;
    private final AtomicLong searches = new AtomicLong();
    private final AtomicLong failedSearches = new AtomicLong();
    private final AtomicLong results = new AtomicLong();
    private final AtomicLong flips = new AtomicLong();
    private final AtomicLong inserts = new AtomicLong();
    private final AtomicLong deletes = new AtomicLong();
    private final Queue<Violation> violations = new ConcurrentLinkedQueue<>();

    /**
     * @param collection the collection holding one record per vector, ids {@code r0000...}
     * @param vectors their base embeddings
     * @param millis how long writers and searchers run, from now
     */
    FlipWorkload(VectorCollection collection, float[][] vectors, long millis) {
        this.collection = collection;
        this.vectors = vectors;
        this.deadlineNanos = System.nanoTime() + millis * 1_000_000;
    }

    /** @return the metadata every record starts with: {@code g} alternating 0 and 1, {@code v} 0 */
    static Map<String, Object> initialMetadata(int i) {
        return Map.of("g", (long) (i % 2), "v", 0L);
    }

    /**
     * @param writer this writer's number, 0 to {@code writers - 1}; it owns the records whose index
     *               modulo {@code writers} is {@code writer}
     * @param writers the number of writers
     * @return a task flipping its records until the deadline
     */
    Callable<Void> writer(int writer, int writers) {
        return () -> {
            Random random = new Random(1_000 + writer);
            List<Integer> mine = new ArrayList<>();
            for (int i = writer; i < vectors.length; i += writers) {
                mine.add(i);
            }
            long[] g = new long[vectors.length];
            long[] v = new long[vectors.length];
            for (int i : mine) {
                g[i] = i % 2;
            }
            Deque<String> inserted = new ArrayDeque<>();
            for (int round = 0; System.nanoTime() < deadlineNanos; round++) {
                TreeSet<Integer> picked = new TreeSet<>();
                while (picked.size() < Math.min(FLIPS_PER_ROUND, mine.size())) {
                    picked.add(mine.get(random.nextInt(mine.size())));
                }
                List<VectorRecord> batch = new ArrayList<>();
                for (int i : picked) {
                    g[i] = 1 - g[i];
                    v[i]++;
                    batch.add(VectorRecord.of(TestVectors.id(i, 4), round % 4 == 3 ? moved(vectors[i], v[i]) : vectors[i],
                            Map.of("g", g[i], "v", v[i])));
                }
                if (round % 2 == 0) {
                    collection.upsertBatch(batch);
                } else {
                    for (VectorRecord r : batch) {
                        collection.upsert(r);
                    }
                }
                flips.addAndGet(batch.size());
                insertAndDelete(writer, round, random, inserted);
            }
            return null;
        };
    }

    /**
     * Inserts a new record of this writer, and every other round (or when it has {@value #LIVE_INSERTS}
     * of them) deletes the oldest one it inserted, so that a fast backend does not grow the collection
     * past what one search can return.
     */
    private void insertAndDelete(int writer, int round, Random random, Deque<String> inserted) {
        String id = "w" + writer + "-" + TestVectors.id(round, 6).substring(1);
        collection.insert(VectorRecord.of(id, moved(vectors[random.nextInt(vectors.length)], round + 1),
                Map.of("g", (long) random.nextInt(2), "v", 0L)));
        inserted.addLast(id);
        inserts.incrementAndGet();
        if (round % 2 == 1 || inserted.size() > LIVE_INSERTS) {
            String oldest = inserted.removeFirst();
            assertThat(collection.delete(oldest)).as("delete of %s, inserted by this writer", oldest).isTrue();
            deletes.incrementAndGet();
        }
    }

    /**
     * @param searcher this searcher's number (its random seed)
     * @return a task running filtered searches until the deadline, recording violations
     */
    Callable<Void> searcher(int searcher) {
        return () -> {
            Random random = new Random(2_000 + searcher);
            for (int n = 0; System.nanoTime() < deadlineNanos; n++) {
                Filter filter = FILTERS.get(n % FILTERS.size());
                boolean exact = n % 3 == 2;
                List<SearchResult> hits = collection.search(SearchRequest.builder(vectors[random.nextInt(vectors.length)])
                        .k(KS[n % KS.length]).filter(filter).exact(exact).build());
                assertThat(Records.ids(hits)).as("ids of one search").doesNotHaveDuplicates();
                boolean failed = false;
                for (SearchResult hit : hits) {
                    if (!filter.test(hit.metadata())) {
                        failed = true;
                        if (violations.size() < KEEP) {
                            violations.add(new Violation(filter.toJson(), exact, hit.id(), hit.metadata()));
                        }
                    }
                }
                searches.incrementAndGet();
                results.addAndGet(hits.size());
                if (failed) {
                    failedSearches.incrementAndGet();
                }
            }
            return null;
        };
    }

    /** A deterministic small move, so that some upserts also change the indexed vector. */
    private static float[] moved(float[] base, long version) {
        float[] out = base.clone();
        for (int j = 0; j < out.length; j++) {
            out[j] += 0.001f * ((version + j) % 5 - 2);
        }
        return out;
    }

    /** @return records inserted by the writers, in all */
    long inserts() {
        return inserts.get();
    }

    /** @return records deleted by the writers, in all */
    long deletes() {
        return deletes.get();
    }

    /** @return searches run */
    long searches() {
        return searches.get();
    }

    /** @return searches that returned at least one record outside their filter */
    long failedSearches() {
        return failedSearches.get();
    }

    /** @return results returned, in all */
    long results() {
        return results.get();
    }

    /** @return records upserted, in all */
    long flips() {
        return flips.get();
    }

    /** @return the first violations seen (at most {@value #KEEP}) */
    List<Violation> violations() {
        return List.copyOf(violations);
    }
}
