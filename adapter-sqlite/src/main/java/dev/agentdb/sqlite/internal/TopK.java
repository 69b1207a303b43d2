package dev.agentdb.sqlite.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Keeps the k closest candidates of an exact scan, ordered by distance then id (a bounded
 * max-heap: O(n log k), memory O(k)). Not thread-safe. Not API.
 */
public final class TopK {
    /**
     * One candidate.
     *
     * @param id the record id
     * @param distance its distance to the query
     */
    public record Hit(String id, double distance) {
    }

    /** Distance ascending, then id by UTF-16 order (equal to code point order for the ids we compare). */
    public static final Comparator<Hit> ORDER = Comparator.comparingDouble(Hit::distance)
            .thenComparing(Hit::id, TopK::compareCodePoints);

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
     * @param distance its distance
     */
    public void offer(String id, double distance) {
        if (heap.size() < k) {
            heap.add(new Hit(id, distance));
            return;
        }
        Hit worst = heap.peek();
        Hit candidate = new Hit(id, distance);
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

    /**
     * @param a first string
     * @param b second string
     * @return the Unicode code point order (the byte order of UTF-8, SQLite's BINARY collation)
     */
    public static int compareCodePoints(String a, String b) {
        return dev.agentdb.filter.FilterValues.compareCodePoints(a, b);
    }
}
