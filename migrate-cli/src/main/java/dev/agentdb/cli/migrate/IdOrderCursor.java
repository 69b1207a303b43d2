package dev.agentdb.cli.migrate;

import dev.agentdb.VectorRecord;
import dev.agentdb.spi.DatabaseAdapter;

import java.util.List;

/**
 * A forward iterator over one collection in id order (Unicode code point order, {@link DatabaseAdapter#scan}'s),
 * one page of {@code pageSize} records in memory at a time. Each page is read after the last id returned, so rows
 * written meanwhile at ids up to that one are not seen again.
 */
final class IdOrderCursor {
    private final DatabaseAdapter adapter;
    private final String collection;
    private final int pageSize;
    private List<VectorRecord> page = List.of();
    private int at;
    private String lastId;
    private boolean done;

    /**
     * @param adapter the adapter to read
     * @param collection an existing collection
     * @param pageSize records per {@code scan}, 1 to 100,000
     */
    IdOrderCursor(DatabaseAdapter adapter, String collection, int pageSize) {
        this.adapter = adapter;
        this.collection = collection;
        this.pageSize = pageSize;
    }

    /** @return the next record in id order, or null after the last */
    VectorRecord next() {
        if (at == page.size()) {
            if (done) {
                return null;
            }
            page = adapter.scan(collection, lastId, pageSize);
            at = 0;
            if (page.size() < pageSize) {
                done = true;
            }
            if (page.isEmpty()) {
                return null;
            }
        }
        VectorRecord r = page.get(at++);
        lastId = r.id();
        return r;
    }
}
