package dev.agentdb.engine;

import dev.agentdb.filter.FilterValues;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Keeps the k closest candidates, ordered by distance then id (a bounded max-heap: O(n log k),
 * memory O(k)). Not thread-safe.
 */
public final class TopK {
    /**
     * One candidate.
     *
     * @param id the record id
     * @param key its row key, or {@link NodeMap#NO_KEY}
     * @param node its node ordinal in the graph, or -1 when it did not come from one
     * @param distance its distance to the query
     */
    public record Hit(String id, long key, int node, double distance) {
    }

    /** Distance ascending, then id in Unicode code point order (SQLite's BINARY collation, UTF-8 byte order). */
    public static final Comparator<Hit> ORDER = Comparator.comparingDouble(Hit::distance)
            .thenComparing(Hit::id, FilterValues::compareCodePoints);

    private final int k;
    private final PriorityQueue<Hit> heap;

    /** @param k how many to keep, at least 1 */
    public TopK(int k) {
        this.k = k;
        this.heap = new PriorityQueue<>(Math.min(k, 1024) + 1, ORDER.reversed());
    }

    /**
     * Offers a candidate; it is kept when it is among the k closest so far.
     *
     * @param id record id
     * @param key row key, or {@link NodeMap#NO_KEY}
     * @param node node ordinal, or -1
     * @param distance its distance
     */
    public void offer(String id, long key, int node, double distance) {
        if (heap.size() < k) {
            heap.add(new Hit(id, key, node, distance));
            return;
        }
        Hit worst = heap.peek();
        if (distance > worst.distance()) {
            return;
        }
        Hit candidate = new Hit(id, key, node, distance);
        if (ORDER.compare(candidate, worst) < 0) {
            heap.poll();
            heap.add(candidate);
        }
    }

    /** @return the kept hits, closest first */
    public List<Hit> sorted() {
        List<Hit> out = new ArrayList<>(heap);
        out.sort(ORDER);
        return out;
    }
}
