package dev.agentdb.engine;

import dev.agentdb.filter.Filter;

import java.util.List;
import java.util.function.Consumer;

/**
 * The reads one search makes of a backend's records. The engine obtains one per search and calls
 * it from the searching thread only.
 *
 * <p>Consistency contract: {@link #fetch} returns each row as it was at one point in time (one
 * statement, or one snapshot) and, when given a filter, only rows whose metadata match it at that
 * point. So every result a search returns satisfies its filter and shows one version of its record,
 * whatever writers do meanwhile; rows that vanished or stopped matching are simply absent, and the
 * engine asks the index for more candidates.
 */
public interface SearchReads {

    /**
     * Streams the ids of the records whose metadata match a filter.
     *
     * @param filter the filter; not null
     * @param ids receives each matching id
     */
    void matchingIds(Filter filter, Consumer<String> ids);

    /**
     * Reads the rows of some records in one consistent read (see the class comment).
     *
     * @param ids the record ids, {@code ids[0..count)}
     * @param keys their row keys, {@code keys[0..count)}; {@link NodeMap#NO_KEY} where unknown (a
     *             backend with keys may use them when all are known, and the ids otherwise)
     * @param count how many, 1 or more
     * @param filter when not null, only rows whose metadata match it are returned
     * @param withEmbeddings whether to read the embeddings
     * @return the rows that exist (and match), in any order; never null
     */
    List<StoredRow> fetch(String[] ids, long[] keys, int count, Filter filter, boolean withEmbeddings);

    /**
     * Streams the key, id and embedding of every record matching a filter, for an exact search.
     *
     * @param filter the filter, or null for every record
     * @param dimension the collection's dimension: records whose embedding has another length are skipped
     * @param sink receives each record
     */
    void scan(Filter filter, int dimension, VectorRows.Sink sink);
}
