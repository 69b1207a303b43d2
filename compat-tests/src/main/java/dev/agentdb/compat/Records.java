package dev.agentdb.compat;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionInfo;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.internal.Json;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads shared by the contracts: the ids of results, whole collections through {@code scan}, a
 * checksum of everything stored.
 */
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

    /**
     * Searches {@code collection} once with an {@code efSearch} that covers it (its record count, at
     * least 100, at most 10,000, MariaDB's largest {@code mhnsw_ef_search}), which visits every node of
     * an HNSW graph that a search can reach. For backends whose answers depend on what a cache holds:
     * MariaDB 11.8 reloads its index's graph lazily after a commit, and until the cache holds the whole
     * graph the same search can answer differently (README); after this search it answers the same.
     *
     * @param collection a collection with a dimension
     * @param count the records it holds, 0 or more
     */
    public static void searchWholeIndex(VectorCollection collection, long count) {
        int ef = (int) Math.min(Math.max(count, 100), 10_000);
        float[] query = TestVectors.uniform(1, collection.spec().dimension(), 1)[0];
        collection.search(SearchRequest.builder(query).k(1).efSearch(ef).build());
    }

    /**
     * A checksum of everything a database stores, read through the API: every collection's name and
     * spec, and every record's id, embedding bits, canonical metadata, text and timestamp.
     *
     * @param db the database
     * @return the SHA-256 of it, in hex; equal for equal contents
     */
    public static String checksum(AgentDB db) {
        MessageDigest sha = sha256();
        for (CollectionInfo c : db.listCollections()) {
            update(sha, c.name() + " " + c.spec());
            for (VectorRecord r : scanAll(db.collection(c.name()))) {
                update(sha, r.id());
                ByteBuffer bits = ByteBuffer.allocate(r.embedding().length * Float.BYTES);
                for (float x : r.embedding()) {
                    bits.putInt(Float.floatToRawIntBits(x));
                }
                sha.update(bits.array());
                update(sha, Json.canonical(r.metadata()) + "\u0001" + r.text() + "\u0001" + r.timestamp());
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void update(MessageDigest sha, String s) {
        sha.update(s.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
