package dev.agentdb.engine;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rows (id, metadata, text; no embedding) that searches of one loaded collection returned, by
 * node ordinal, so that the next search returning the same node reads no row from the backend.
 *
 * <p>Why it is always right: a node stands for exactly one version of its record. An upsert adds a
 * new node and tombstones the old one, a delete tombstones, a compaction or reload starts a new
 * {@link IndexedCollection} with a new cache, and a rolled-back transaction or a change by another
 * process discards the collection. So a row cached under a live node is that node's record, as long
 * as it was read while the graph mirrored the committed records (the search checks the write
 * sequence before and after, and caches nothing when a write raced it).
 *
 * <p>Bounded by an estimate of its bytes: once the budget is spent, nothing more is cached (no
 * eviction: the rows already cached stay valid). Thread-safe.
 */
final class RowCache {
    /** Estimated fixed cost of one entry (map node, boxed key, row object, string headers), in bytes. */
    private static final int ENTRY_BYTES = 160;

    private final long budgetBytes;
    private final AtomicLong usedBytes = new AtomicLong();
    private final ConcurrentHashMap<Integer, StoredRow> rows = new ConcurrentHashMap<>();

    /** @param budgetBytes the most bytes (estimated) to hold; 0 caches nothing */
    RowCache(long budgetBytes) {
        this.budgetBytes = budgetBytes;
    }

    /**
     * @param node a node ordinal
     * @return its cached row, or null
     */
    StoredRow get(int node) {
        return budgetBytes == 0 ? null : rows.get(node);
    }

    /**
     * Caches a node's row (read without its embedding) unless the budget is spent.
     *
     * @param node the node ordinal
     * @param row its row, as read while no write raced the read
     */
    void put(int node, StoredRow row) {
        if (budgetBytes == 0) {
            return;
        }
        long bytes = ENTRY_BYTES + row.estimatedBytes();
        if (usedBytes.get() + bytes > budgetBytes) {
            return;
        }
        if (rows.putIfAbsent(node, row) == null) {
            usedBytes.addAndGet(bytes);
        }
    }

    /** @return the estimated bytes held */
    long usedBytes() {
        return usedBytes.get();
    }

    /** @return the number of rows held */
    int size() {
        return rows.size();
    }
}
