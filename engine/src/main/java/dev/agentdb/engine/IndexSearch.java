package dev.agentdb.engine;

import dev.agentdb.CollectionSpec;
import dev.agentdb.IndexParams;
import dev.agentdb.Limits;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.filter.Filter;
import dev.agentdb.hnsw.Distances;
import dev.agentdb.hnsw.HnswIndex;
import dev.agentdb.hnsw.NodeHits;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The search loop every in-house-indexed backend shares.
 *
 * <h2>Indexed path</h2>
 * (HNSW collection, the collection's metric.) A filter is first evaluated by the backend into the
 * set of accepted nodes ({@link SearchReads#matchingIds}), which the index applies during traversal
 * (or scans exactly when few nodes are accepted; see {@link HnswIndex#search}); {@code exact} scans
 * the index's in-memory vectors instead of traversing. The index is asked for {@code fetch}
 * candidates, a few more than k (up to {@value #TIE_MARGIN}, within ef), ordered by (distance, id),
 * so that ties at the k-th place resolve by id as an exact scan does and so that candidates whose
 * rows are gone can be skipped. The rows of the first k are read in one consistent read
 * ({@link SearchReads#fetch}), with the filter applied again there, so every result satisfies the
 * filter as its row was read; the next candidates are read only when rows vanished. When a write to
 * the collection raced the search (the write sequence of {@link IndexedCollection} moved or was
 * odd), or vectors are asked for, every candidate's row is read with its embedding and re-scored
 * exactly against it ({@link HnswIndex#distance(float[], float[])}: the same number the index gives
 * for that vector), so a reported score is always the returned row's. Then threshold and k. When
 * fewer than k rows survive while more candidates may exist, the index is asked again for twice as
 * many.
 *
 * <h2>Pending vectors</h2>
 * While a lazily loaded index still waits for vectors ({@link IndexEngine}, "Lazy loads"), the
 * index asks this search for the missing ones it needs ({@code PendingRows}): one
 * {@link SearchReads#fetch} of those nodes' rows with their embeddings, in the search's own read.
 *
 * <h2>Row cache</h2>
 * Rows read while no write raced the search are kept by node ({@link RowCache}), and a search whose
 * write sequence did not move from before its filter to after its reads takes a candidate's row
 * from there instead of the backend: a node stands for one version of its record, so the cached row
 * is what the backend would return, and with a filter it matched, since the accepted nodes were read
 * in the same quiet interval. Only writes through this engine are seen: a change by another process
 * is seen when the backend tells the engine ({@link IndexEngine#discardAll}), as for the graph.
 *
 * <h2>Exact path</h2>
 * (FLAT collections, a metric other than the collection's, or no graph yet.) The backend streams
 * every (matching) record's embedding ({@link SearchReads#scan}); the k closest by
 * {@link Distances#distance} are kept and their rows fetched as above.
 *
 * <p>Stateless and thread-safe.
 */
public final class IndexSearch {
    /** Extra candidates asked of the index beyond k, so that ties at the k-th place break by id. */
    public static final int TIE_MARGIN = 8;
    /** Times an exact search scans again when rows of its k closest vanished before they were read. */
    private static final int EXACT_RETRIES = 3;

    private IndexSearch() {
    }

    /**
     * Runs a validated search.
     *
     * @param state the collection's loaded index, or null when it has none (FLAT)
     * @param spec the collection's spec (dimension 1 or more)
     * @param request the validated request: vector of {@code float[spec.dimension()]}, k in 1 to
     *                {@link Limits#MAX_K}
     * @param reads the backend's reads for this search
     * @return up to k results, closest first, ties by id in code point order; never null
     */
    public static List<SearchResult> search(IndexedCollection state, CollectionSpec spec, SearchRequest request, SearchReads reads) {
        Metric metric = request.metric() == null ? spec.metric() : request.metric();
        boolean indexed = state != null && state.index() != null && metric == spec.metric()
                && spec.index().type() == IndexParams.IndexType.HNSW;
        return indexed ? indexed(state, spec, metric, request, reads) : exact(spec, metric, request, reads);
    }

    private static List<SearchResult> indexed(IndexedCollection state, CollectionSpec spec, Metric metric, SearchRequest request,
                                              SearchReads reads) {
        HnswIndex index = state.index();
        NodeMap nodes = state.nodes();
        Filter filter = request.filter();
        long seqStart = state.writeSeq(); // before the accepted ids: cached rows are then known to match the filter
        BitSet accept = null;
        if (filter != null) {
            List<String> ids = new ArrayList<>();
            reads.matchingIds(filter, ids::add);
            accept = state.accept(ids);
            if (accept.isEmpty()) {
                return List.of();
            }
        }
        int k = request.k();
        int ef = Math.max(request.efSearch() != null ? request.efSearch() : spec.index().efSearch(), k);
        int fetch = Math.min(Limits.MAX_K, Math.max(k, Math.min(k + TIE_MARGIN, ef)));
        float[] query = request.vector();
        HnswIndex.VectorSource source = index.vectorsPending() ? new PendingRows(nodes, reads) : null;
        while (true) {
            NodeHits hits = request.exact() ? index.exactSearch(query, fetch, accept, source)
                    : index.search(query, fetch, ef, accept, source);
            List<TopK.Hit> candidates = candidates(hits, nodes);
            boolean more = hits.size() >= fetch && fetch < Limits.MAX_K;
            List<SearchResult> found = request.includeVectors() || (seqStart & 1) == 1 ? null
                    : inGraphOrder(state, seqStart, candidates, metric, request, reads);
            if (found == null) {
                found = rescored(index, candidates, metric, request, reads);
            }
            if (found.size() >= k || !more) {
                return found;
            }
            fetch = Math.min(Limits.MAX_K, fetch * 2);
        }
    }

    /**
     * The index's hits as candidates ordered by (distance, id): the index orders them by (distance,
     * ordinal), so only runs of equal distances need sorting again, by id.
     */
    private static List<TopK.Hit> candidates(NodeHits hits, NodeMap nodes) {
        List<TopK.Hit> out = new ArrayList<>(hits.size());
        boolean ties = false;
        for (int i = 0; i < hits.size(); i++) {
            int node = hits.node(i);
            String id = nodes.id(node);
            if (id != null) {
                ties |= !out.isEmpty() && out.get(out.size() - 1).distance() == hits.distance(i);
                out.add(new TopK.Hit(id, nodes.key(node), node, hits.distance(i)));
            }
        }
        if (ties) {
            out.sort(TopK.ORDER);
        }
        return out;
    }

    /**
     * Reads the rows of the candidates in graph order, k at a time (the next ones only when rows
     * vanished), without their embeddings: the graph's distances are the rows' while no write races.
     * Rows cached under a candidate's node are used as they are ({@link RowCache}); the others are
     * read and cached.
     *
     * @return the results, or null when a write raced the search (the caller re-scores)
     */
    private static List<SearchResult> inGraphOrder(IndexedCollection state, long seqStart, List<TopK.Hit> candidates, Metric metric,
                                                   SearchRequest request, SearchReads reads) {
        int k = request.k();
        RowCache cache = state.rowCache();
        List<SearchResult> out = new ArrayList<>(Math.min(k, candidates.size()));
        StoredRow[] window = new StoredRow[k];
        int next = 0;
        while (out.size() < k && next < candidates.size()) {
            int want = k - out.size();
            String[] ids = new String[want];
            long[] keys = new long[want];
            int[] slot = new int[want];
            int n = 0;
            int missing = 0;
            int from = next;
            while (n < want && next < candidates.size()) {
                TopK.Hit h = candidates.get(next++);
                if (request.threshold() != null && metric.scoreOf(h.distance()) < request.threshold()) {
                    next = candidates.size(); // candidates are ordered: the rest score lower still
                    break;
                }
                window[n] = cache.get(h.node());
                if (window[n] == null) {
                    ids[missing] = h.id();
                    keys[missing] = h.key();
                    slot[missing] = n;
                    missing++;
                }
                n++;
            }
            if (n == 0) {
                break;
            }
            List<StoredRow> rows = missing == 0 ? List.of() : reads.fetch(ids, keys, missing, request.filter(), false);
            if (state.writeSeq() != seqStart) {
                return null;
            }
            if (missing > 0) {
                Map<String, StoredRow> byId = byId(rows);
                for (int i = 0; i < missing; i++) {
                    StoredRow r = byId.get(ids[i]);
                    window[slot[i]] = r;
                    if (r != null) {
                        cache.put(candidates.get(from + slot[i]).node(), r);
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                if (window[i] != null) {
                    out.add(result(window[i], candidates.get(from + i).distance(), metric, false));
                }
            }
        }
        return out; // fewer than k: the caller asks the index for more candidates when there may be more
    }

    /** Reads every candidate's row with its embedding and ranks them by the exact distance to the row. */
    private static List<SearchResult> rescored(HnswIndex index, List<TopK.Hit> candidates, Metric metric, SearchRequest request,
                                               SearchReads reads) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        String[] ids = new String[candidates.size()];
        long[] keys = new long[candidates.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = candidates.get(i).id();
            keys[i] = candidates.get(i).key();
        }
        Map<String, StoredRow> byId = byId(reads.fetch(ids, keys, ids.length, request.filter(), true));
        TopK top = new TopK(request.k());
        for (StoredRow r : byId.values()) {
            top.offer(r.id(), NodeMap.NO_KEY, -1, index.distance(request.vector(), r.embedding()));
        }
        List<SearchResult> out = new ArrayList<>();
        for (TopK.Hit h : aboveThreshold(top.sorted(), metric, request.threshold())) {
            out.add(result(byId.get(h.id()), h.distance(), metric, request.includeVectors()));
        }
        return out;
    }

    private static List<SearchResult> exact(CollectionSpec spec, Metric metric, SearchRequest request, SearchReads reads) {
        float[] query = request.vector();
        List<TopK.Hit> best = List.of();
        Map<String, StoredRow> byId = Map.of();
        for (int attempt = 0; attempt <= EXACT_RETRIES; attempt++) {
            TopK top = new TopK(request.k());
            reads.scan(request.filter(), spec.dimension(), (key, id, embedding) -> top.offer(id, key, -1, Distances.distance(metric, query, embedding)));
            best = aboveThreshold(top.sorted(), metric, request.threshold());
            if (best.isEmpty()) {
                return List.of();
            }
            String[] ids = new String[best.size()];
            long[] keys = new long[best.size()];
            for (int i = 0; i < best.size(); i++) {
                ids[i] = best.get(i).id();
                keys[i] = best.get(i).key();
            }
            byId = byId(reads.fetch(ids, keys, ids.length, request.filter(), request.includeVectors()));
            if (byId.size() == best.size()) {
                break; // else a row vanished or changed between the scan and the read: scan again
            }
        }
        List<SearchResult> out = new ArrayList<>(best.size());
        for (TopK.Hit h : best) {
            StoredRow r = byId.get(h.id());
            if (r != null) {
                out.add(result(r, h.distance(), metric, request.includeVectors()));
            }
        }
        return out;
    }

    private static List<TopK.Hit> aboveThreshold(List<TopK.Hit> hits, Metric metric, Double threshold) {
        if (threshold == null) {
            return hits;
        }
        List<TopK.Hit> kept = new ArrayList<>(hits.size());
        for (TopK.Hit h : hits) {
            if (metric.scoreOf(h.distance()) >= threshold) {
                kept.add(h);
            }
        }
        return kept;
    }

    private static Map<String, StoredRow> byId(List<StoredRow> rows) {
        Map<String, StoredRow> out = new HashMap<>(rows.size() * 2);
        for (StoredRow r : rows) {
            out.put(r.id(), r);
        }
        return out;
    }

    private static SearchResult result(StoredRow r, double distance, Metric metric, boolean withVector) {
        return new SearchResult(r.id(), metric.scoreOf(distance), distance, r.metadata(), r.text(), withVector ? r.embedding() : null);
    }

    /**
     * Supplies pending vectors to the index from the search's own reads: the rows of the asked nodes'
     * records, with their embeddings, in one {@link SearchReads#fetch}. A row that is gone, or whose
     * embedding has another length or is not finite, supplies nothing (the index then skips the node).
     */
    private static final class PendingRows implements HnswIndex.VectorSource {
        private final NodeMap nodes;
        private final SearchReads reads;
        private String[] ids = new String[64];
        private long[] keys = new long[64];

        PendingRows(NodeMap nodes, SearchReads reads) {
            this.nodes = nodes;
            this.reads = reads;
        }

        @Override
        public void fetch(HnswIndex index, int[] asked, int count) {
            if (ids.length < count) {
                ids = new String[count * 2];
                keys = new long[count * 2];
            }
            int n = 0;
            for (int i = 0; i < count; i++) {
                String id = nodes.id(asked[i]);
                if (id != null) {
                    ids[n] = id;
                    keys[n++] = nodes.key(asked[i]); // known once the fill passed the row: then read by key
                }
            }
            if (n == 0) {
                return;
            }
            for (StoredRow row : reads.fetch(ids, keys, n, null, true)) {
                int node = nodes.ordinal(row.id());
                float[] embedding = row.embedding();
                if (node >= 0 && embedding != null && embedding.length == index.config().dimension()) {
                    try {
                        index.supplyVector(node, embedding);
                    } catch (dev.agentdb.AgentDBException e) {
                        // not finite: the node stays pending and this search skips it; the fill reports the record
                    }
                }
            }
        }
    }
}
