package dev.agentdb.engine;

import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A backend kept in maps, as small as the engine's storage interfaces allow: what an adapter
 * author implements, in memory. Rows carry keys from a counter, like SQLite's rowid.
 */
final class MemoryBackend implements GraphStorage, VectorRows, SearchReads {
    record Row(long key, VectorRecord record) {
    }

    record Node(String id, int level, boolean deleted, byte[] tombstoneVector, byte[] neighbors) {
    }

    final Map<String, Row> rows = new LinkedHashMap<>();
    final Map<String, String> header = new HashMap<>();
    final TreeMap<Integer, Node> nodes = new TreeMap<>();
    int fetches;
    /** Run after {@link #matchingIds} listed the ids: a writer acting between a search's two reads. */
    Runnable afterMatching = () -> { };
    private long nextKey = 1;
    /** What {@link #deferred()} offers: null (an eager backend) unless a test sets it. */
    Deferred deferred;

    @Override
    public Deferred deferred() {
        return deferred;
    }

    @Override
    public void scanKeys(KeySink sink) {
        rows.values().forEach(r -> sink.key(r.key(), r.record().id()));
    }

    /** @return a copy of the rows as they are now, for a deferred scan on another thread */
    List<Row> snapshot() {
        return new ArrayList<>(rows.values());
    }

    /** @return the keys of the written rows, in order (what a backend's row writer returns) */
    long[] put(List<VectorRecord> records) {
        long[] keys = new long[records.size()];
        for (int i = 0; i < keys.length; i++) {
            VectorRecord r = records.get(i);
            Row old = rows.get(r.id());
            long key = old != null ? old.key() : nextKey++;
            rows.put(r.id(), new Row(key, r));
            keys[i] = key;
        }
        return keys;
    }

    @Override
    public Map<String, String> readHeader() {
        return new HashMap<>(header);
    }

    @Override
    public void readNodes(NodeSink sink) {
        nodes.forEach((n, v) -> sink.node(n, v.id(), v.level(), v.deleted(), v.tombstoneVector(), v.neighbors()));
    }

    @Override
    public void writeHeader(Map<String, String> entries) {
        header.putAll(entries);
    }

    @Override
    public void writeNode(int node, String id, int level, boolean deleted, byte[] tombstoneVector, byte[] neighbors) {
        Node old = nodes.get(node);
        byte[] vector = tombstoneVector != null ? tombstoneVector : old == null ? null : old.tombstoneVector();
        nodes.put(node, new Node(id, level, deleted, vector, neighbors));
    }

    @Override
    public void clear() {
        header.clear();
        nodes.clear();
    }

    @Override
    public long scan(int dimension, Sink sink) {
        long skipped = 0;
        for (Row r : rows.values()) {
            if (r.record().embedding().length != dimension) {
                skipped++;
            } else {
                sink.row(r.key(), r.record().id(), r.record().embedding().clone());
            }
        }
        return skipped;
    }

    @Override
    public void matchingIds(Filter filter, Consumer<String> ids) {
        rows.values().stream().filter(r -> filter.test(r.record().metadata())).forEach(r -> ids.accept(r.record().id()));
        afterMatching.run();
    }

    @Override
    public List<StoredRow> fetch(String[] ids, long[] keys, int count, Filter filter, boolean withEmbeddings) {
        fetches++;
        List<StoredRow> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Row r = rows.get(ids[i]);
            if (r != null && (keys[i] == NodeMap.NO_KEY || keys[i] == r.key())
                    && (filter == null || filter.test(r.record().metadata()))) {
                out.add(StoredRow.ofMap(r.record().id(), withEmbeddings ? r.record().embedding() : null, r.record().metadata(),
                        r.record().text()));
            }
        }
        return out;
    }

    @Override
    public void scan(Filter filter, int dimension, Sink sink) {
        for (Row r : rows.values()) {
            if (r.record().embedding().length == dimension && (filter == null || filter.test(r.record().metadata()))) {
                sink.row(r.key(), r.record().id(), r.record().embedding());
            }
        }
    }
}
