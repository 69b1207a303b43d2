package dev.agentdb.mysql.internal;

import dev.agentdb.CollectionSpec;
import dev.agentdb.Limits;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.engine.IndexSearch;
import dev.agentdb.engine.NodeMap;
import dev.agentdb.engine.StoredRow;
import dev.agentdb.engine.TopK;
import dev.agentdb.hnsw.Distances;
import dev.agentdb.internal.VectorCodec;
import dev.agentdb.mysql.MysqlFilterTranslator;
import dev.agentdb.sql.SqlFragment;
import dev.agentdb.sql.jdbc.JdbcBinder;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One search through MariaDB's vector index: {@code SET SESSION mhnsw_ef_search = max(efSearch, k)}
 * (capped at {@value NativeIndex#MAX_EF_SEARCH}), then
 * {@code SELECT ... [WHERE <filter>] ORDER BY VEC_DISTANCE_<metric>(t.embedding, ?) LIMIT k + margin}
 * with the query bound as little-endian float32 bytes (MariaDB's binary vector format, what
 * {@code VEC_FromText} returns). A few rows beyond k ({@link IndexSearch#TIE_MARGIN}) are asked so
 * that ties at the k-th place break by id as everywhere else.
 *
 * <p>Scores: every returned row is re-scored in Java from its embedding with the kernel of the
 * in-house path ({@link Distances#distance}), so distances equal SQLite's for the same data (MariaDB
 * computes cosine on its own quantised copy and calls a zero vector's cosine distance 0, where
 * AgentDB defines it as 1), and ranked by (distance, id).
 *
 * <p>Filters run in the same statement ({@link MysqlTable#where}; deep rows tested in Java), which the
 * server evaluates on the rows its index returns in order. When fewer rows come back than were asked,
 * the index may have given up before finding k matching rows (a selective filter) or the table is
 * small: {@link #search} returns null and the caller scans the matching rows exactly. Not API.
 */
public final class NativeSearch {
    private NativeSearch() {
    }

    /**
     * @param c the connection to search on (its session's {@code mhnsw_ef_search} is set)
     * @param table the collection table
     * @param index the collection's native index
     * @param filters the translator of {@code t.metadata}
     * @param spec the collection's spec
     * @param request a validated request ranking by the collection's metric, not exact
     * @return up to k results, closest first, ties by id; or null when the index returned fewer rows
     *         than asked (the caller then scans exactly)
     * @throws SQLException from the driver
     */
    public static List<SearchResult> search(Connection c, MysqlTable table, NativeIndex index, MysqlFilterTranslator filters,
                                            CollectionSpec spec, SearchRequest request) throws SQLException {
        int k = request.k();
        int ef = Math.min(NativeIndex.MAX_EF_SEARCH, Math.max(k, request.efSearch() != null ? request.efSearch() : spec.index().efSearch()));
        int limit = Math.min(Limits.MAX_K, k + IndexSearch.TIE_MARGIN);
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION mhnsw_ef_search = " + ef); // an int computed here, never user text
        }
        SqlFragment where = request.filter() == null ? null : MysqlTable.where(filters, request.filter());
        String sql = "SELECT t.id, t.embedding, t.metadata, t.text, t.deep FROM " + table.quoted() + " t"
                + (where == null ? "" : " WHERE " + where.sql()) + " ORDER BY " + index.distanceFunction() + "(t.embedding, ?) LIMIT " + limit;
        Metric metric = spec.metric();
        float[] query = request.vector();
        TopK top = new TopK(k);
        Map<String, StoredRow> rows = new HashMap<>();
        int returned = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int next = where == null ? 1 : JdbcBinder.bindAll(ps, 1, where.params());
            ps.setBytes(next, VectorCodec.encode(query));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    returned++;
                    String metadata = rs.getString(3);
                    if (!MysqlTable.matches(request.filter(), rs.getInt(5) != 0, metadata)) {
                        continue;
                    }
                    float[] embedding = VectorCodec.decode(rs.getBytes(2));
                    StoredRow row = StoredRow.ofJson(rs.getString(1), embedding, metadata, rs.getString(4));
                    rows.put(row.id(), row);
                    top.offer(row.id(), NodeMap.NO_KEY, -1, Distances.distance(metric, query, embedding));
                }
            }
        }
        if (returned < limit || rows.size() < k) {
            return null;
        }
        List<SearchResult> out = new ArrayList<>(k);
        for (TopK.Hit h : top.sorted()) {
            double score = metric.scoreOf(h.distance());
            if (request.threshold() != null && score < request.threshold()) {
                break; // sorted by distance: the rest score lower still
            }
            StoredRow r = rows.get(h.id());
            out.add(new SearchResult(r.id(), score, h.distance(), r.metadata(), r.text(), request.includeVectors() ? r.embedding() : null));
        }
        return out;
    }
}
