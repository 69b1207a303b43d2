package dev.agentdb.mongodb;

import dev.agentdb.BackendUnavailableException;

/**
 * A MongoDB vector search index did not become queryable within the wait
 * ({@code mongodb.vector_search.ready_timeout_ms}, default 120,000 ms): thrown by the write that
 * created or changed the index ({@code createCollection}, the first insert fixing the default
 * collection's dimension). The index stays and keeps building on the deployment; what was written
 * stays written, and searches meanwhile scan the collection exactly (correct, slower) until the
 * index is queryable.
 */
public final class SearchIndexTimeoutException extends BackendUnavailableException {
    private static final long serialVersionUID = 1L;

    /** The collection. */
    private final String collection;
    /** The index name. */
    private final String index;
    /** How long the adapter waited, in ms. */
    private final long waitedMs;
    /** The index status last seen ({@code PENDING}, {@code BUILDING}, ...), or {@code "absent"}. */
    private final String lastStatus;

    /**
     * @param collection the collection; not null
     * @param index the index name; not null
     * @param waitedMs how long the adapter waited, in ms
     * @param lastStatus the index status last seen, or {@code "absent"}; not null
     */
    public SearchIndexTimeoutException(String collection, String index, long waitedMs, String lastStatus) {
        super("the vector search index '" + index + "' of collection '" + collection + "' was not queryable after " + waitedMs
                + " ms (status " + lastStatus + "); it keeps building on the deployment, and searches scan the collection exactly until"
                + " it is ready (raise mongodb.vector_search.ready_timeout_ms to wait longer)");
        this.collection = collection;
        this.index = index;
        this.waitedMs = waitedMs;
        this.lastStatus = lastStatus;
    }

    /** @return the collection whose index was waited for; never null */
    public String collection() {
        return collection;
    }

    /** @return the index name; never null */
    public String index() {
        return index;
    }

    /** @return how long the adapter waited, in ms */
    public long waitedMs() {
        return waitedMs;
    }

    /** @return the index status last seen ({@code PENDING}, {@code BUILDING}, ...), or {@code "absent"}; never null */
    public String lastStatus() {
        return lastStatus;
    }
}
