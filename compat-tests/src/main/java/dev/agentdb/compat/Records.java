package dev.agentdb.compat;

import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;

import java.util.ArrayList;
import java.util.List;

/** Reads shared by the contracts: the ids of results, whole collections through {@code scan}. */
public final class Records {
    private static final int PAGE = 1_000;

    private Records() {
    }

    /**
     * @param results search results
     * @return their ids, in order
     */
    public static List<String> ids(List<SearchResult> results) {
        List<String> out = new ArrayList<>(results.size());
        for (SearchResult r : results) {
            out.add(r.id());
        }
        return out;
    }

    /**
     * @param records records
     * @return their ids, in order
     */
    public static List<String> recordIds(List<VectorRecord> records) {
        List<String> out = new ArrayList<>(records.size());
        for (VectorRecord r : records) {
            out.add(r.id());
        }
        return out;
    }

    /**
     * Reads a whole collection through {@link VectorCollection#scan(String, int)}, page by page.
     *
     * @param collection the collection
     * @return every record, in id order
     */
    public static List<VectorRecord> scanAll(VectorCollection collection) {
        List<VectorRecord> out = new ArrayList<>();
        String after = null;
        while (true) {
            List<VectorRecord> page = collection.scan(after, PAGE);
            out.addAll(page);
            if (page.size() < PAGE) {
                return out;
            }
            after = page.get(page.size() - 1).id();
        }
    }

    /**
     * @param collection the collection
     * @return the ids of every record, in id order
     */
    public static List<String> allIds(VectorCollection collection) {
        List<String> out = new ArrayList<>();
        for (VectorRecord r : scanAll(collection)) {
            out.add(r.id());
        }
        return out;
    }
}
