package dev.agentdb.orm.query;

import dev.agentdb.FindRequest;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Limits;
import dev.agentdb.Sort;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The records of a query, one page at a time, so a stream of any length holds one page in memory.
 * Pages come from {@code find} (filter, order and offset in the backend). {@code find} refuses offsets
 * beyond {@link Limits#MAX_FIND_OFFSET}; there an unsorted stream (id order) goes on with
 * {@code scan} after the last id, testing the filter in Java with {@link Filter#test} (the reference
 * every backend's filter is checked against, so the answer is the same), while a sorted one stops with
 * an error. Pages are separate reads: writes between them may shift rows, as with any offset paging.
 */
final class RecordPages implements Iterator<VectorRecord> {
    private final VectorCollection collection;
    private final Filter filter;
    private final List<Sort> sorts;
    private final int pageSize;
    private long offset;
    private long remaining;
    private Iterator<VectorRecord> page = Collections.emptyIterator();
    private boolean exhausted;
    private String lastId;
    /** The last id {@code scan} read, once paging has moved from {@code find} to {@code scan}. */
    private String scanCursor;
    private boolean scanning;

    RecordPages(VectorCollection collection, Filter filter, List<Sort> sorts, long offset, long limit, int pageSize) {
        this.collection = collection;
        this.filter = filter;
        this.sorts = sorts;
        this.offset = offset;
        this.remaining = limit;
        this.pageSize = pageSize;
    }

    @Override
    public boolean hasNext() {
        while (remaining > 0 && !page.hasNext() && !exhausted) {
            fetch();
        }
        return remaining > 0 && page.hasNext();
    }

    @Override
    public VectorRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        remaining--;
        VectorRecord r = page.next();
        lastId = r.id();
        return r;
    }

    private void fetch() {
        int size = (int) Math.min(pageSize, remaining);
        if (!scanning && offset <= Limits.MAX_FIND_OFFSET) {
            List<VectorRecord> rows = collection.find(FindRequest.builder().filter(filter).sort(sorts.toArray(Sort[]::new))
                    .offset(offset).limit(size).build());
            offset += rows.size();
            exhausted = rows.size() < size;
            page = rows.iterator();
        } else if (sorts.isEmpty()) {
            if (!scanning) {
                scanning = true;
                scanCursor = lastId;
            }
            scanAfterLastId(size);
        } else {
            throw new InvalidInputException("offset", "a sorted query pages by offset, at most " + Limits.MAX_FIND_OFFSET
                    + " rows deep; narrow the filter, or stream in id order (no orderBy), which has no such bound");
        }
    }

    /** Id order, the order of {@code find} without sort keys, continued by {@code scan} from the last id read. */
    private void scanAfterLastId(int size) {
        while (true) {
            List<VectorRecord> rows = collection.scan(scanCursor, size);
            if (rows.isEmpty()) {
                exhausted = true;
                page = Collections.emptyIterator();
                return;
            }
            scanCursor = rows.get(rows.size() - 1).id();
            List<VectorRecord> matching = filter == null ? rows : rows.stream().filter(r -> filter.test(r.metadata())).toList();
            if (!matching.isEmpty()) {
                page = matching.iterator();
                return;
            }
        }
    }
}
