package dev.agentdb.hnsw.internal;

import java.util.Arrays;

/**
 * A growable binary min-heap of primitive {@code long}s. HNSW packs (distance, node) pairs into one
 * long with {@link Scored} so that one comparison orders by distance and then by node, with no
 * objects on the search path; a max-heap is this heap over bitwise-complemented values. Not
 * thread-safe; each search thread owns its heaps. Not API.
 */
public final class LongHeap {
    private long[] heap;
    private int size;

    /** @param initialCapacity starting capacity, at least 1 */
    public LongHeap(int initialCapacity) {
        heap = new long[Math.max(1, initialCapacity)];
    }

    /** @return number of elements */
    public int size() {
        return size;
    }

    /** @return whether empty */
    public boolean isEmpty() {
        return size == 0;
    }

    /** Removes every element (keeps the storage). */
    public void clear() {
        size = 0;
    }

    /** @return the smallest element; undefined when empty */
    public long peek() {
        return heap[0];
    }

    /** @param value the element to add */
    public void push(long value) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        long[] h = heap;
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            long p = h[parent];
            if (p <= value) {
                break;
            }
            h[i] = p;
            i = parent;
        }
        h[i] = value;
    }

    /** @return the smallest element, removed; undefined when empty */
    public long pop() {
        long[] h = heap;
        long top = h[0];
        long last = h[--size];
        int n = size;
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= n) {
                break;
            }
            long c = h[child];
            if (child + 1 < n && h[child + 1] < c) {
                child++;
                c = h[child];
            }
            if (last <= c) {
                break;
            }
            h[i] = c;
            i = child;
        }
        h[i] = last;
        return top;
    }

    /**
     * Replaces the smallest element by {@code value} (one sift instead of a pop and a push).
     *
     * @param value the element to add
     */
    public void replaceTop(long value) {
        long[] h = heap;
        int n = size;
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= n) {
                break;
            }
            long c = h[child];
            if (child + 1 < n && h[child + 1] < c) {
                child++;
                c = h[child];
            }
            if (value <= c) {
                break;
            }
            h[i] = c;
            i = child;
        }
        h[i] = value;
    }

    /**
     * @param i 0 to size-1
     * @return the element stored at position i (heap order, not sorted)
     */
    public long get(int i) {
        return heap[i];
    }
}
