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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One search through MariaDB's vector index: {@code SET SESSION mhnsw_ef_search = max(efSearch, k)}
 * (capped at {@value NativeIndex#MAX_EF_SEARCH}; sent only when the session holds another value,
 * {@link SessionEfSearch}), then
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
 * <p>Filters: MariaDB applies a {@code WHERE} to the rows its index returns in order (a post-filter
 * inside the server), so with {@code ef} candidates only about {@code ef x selectivity} match: at 1%
 * selectivity recall@10 fell to 0.87 at efSearch 64 (10,000 clustered 32-d vectors). So a filtered
 * search first counts the rows and the matching ones (one statement; deep rows count as matching),
 * widens {@code ef} to {@code max(efSearch, k) x rows / matching} so that about {@code max(efSearch, k)}
 * candidates match, and scans the matching rows exactly instead when they are no more than that
 * widened {@code ef} (the index would visit more rows than the scan reads) or it exceeds
 * {@value NativeIndex#MAX_EF_SEARCH}. The filter then runs in the {@code SELECT} itself
 * ({@link MysqlTable#where}; deep rows tested in Java).
 *
 * <p>When fewer rows come back than were asked, the index gave up before finding enough matching
 * rows, or the table is small: {@link #search} returns null and the caller scans the matching rows
 * exactly; so it does for a query MariaDB cannot take as a vector ({@link NativeIndex#fits}). Rows
 * whose vector the index holds scaled ({@code raw} set, rare) are read by a second statement and
 * ranked with the others. Not API.
 */
public final class NativeSearch {
    private NativeSearch() {
    }

    /**
     * @param c the connection to search on (its session's {@code mhnsw_ef_search} is set)
     * @param session the {@code mhnsw_ef_search} the pool's sessions hold (set only when it differs)
     * @param table the collection table
     * @param index the collection's native index
     * @param filters the translator of {@code t.metadata}
     * @param spec the collection's spec
     * @param request a validated request ranking by the collection's metric, not exact
     * @return up to k results, closest first, ties by id; or null when the matching rows are better
     *         scanned exactly, or the index returned fewer rows than asked (the caller then scans exactly)
     * @throws SQLException from the driver
     */
    public static List<SearchResult> search(Connection c, SessionEfSearch session, MysqlTable table, NativeIndex index, MysqlFilterTranslator filters,
                                            CollectionSpec spec, SearchRequest request) throws SQLException {
        int k = request.k();
        if (!NativeIndex.fits(request.vector())) {
            return null;
        }
        long ef = Math.max(k, request.efSearch() != null ? request.efSearch() : spec.index().efSearch());
        int limit = Math.min(Limits.MAX_K, k + IndexSearch.TIE_MARGIN);
        SqlFragment where = request.filter() == null ? null : MysqlTable.where(filters, request.filter());
        if (where != null) {
            long[] counts = counts(c, table, where);
            if (counts[1] == 0) {
                return List.of();
            }
            ef = (ef * counts[0] + counts[1] - 1) / counts[1];
            if (counts[1] <= ef || ef > NativeIndex.MAX_EF_SEARCH) {
                return null;
            }
        }
        session.set(c, Math.min(ef, NativeIndex.MAX_EF_SEARCH));
        String select = "SELECT t.id, " + table.embedding() + ", t.metadata, t.text, t.deep FROM " + table.quoted() + " t";
        float[] query = request.vector();
        Candidates found = new Candidates(spec.metric(), query, request, k);
        int returned;
        try (PreparedStatement ps = c.prepareStatement(select + (where == null ? "" : " WHERE " + where.sql()) + " ORDER BY "
                + index.distanceFunction() + "(t.embedding, ?) LIMIT " + limit)) {
            int next = where == null ? 1 : JdbcBinder.bindAll(ps, 1, where.params());
            ps.setBytes(next, VectorCodec.encode(query));
            returned = found.read(ps);
        }
        if (returned < limit || found.rows.size() < k) {
            return null;
        }
        try (PreparedStatement ps = c.prepareStatement(select + " WHERE t.raw IS NOT NULL" + (where == null ? "" : " AND " + where.sql()))) {
            if (where != null) {
                JdbcBinder.bindAll(ps, 1, where.params());
            }
            found.read(ps);
        }
        return found.results();
    }

    /** Rows read so far, re-scored, the k best kept. */
    private static final class Candidates {
        private final Metric metric;
        private final float[] query;
        private final SearchRequest request;
        private final TopK top;
        private final Map<String, StoredRow> rows = new HashMap<>();

        Candidates(Metric metric, float[] query, SearchRequest request, int k) {
            this.metric = metric;
            this.query = query;
            this.request = request;
            this.top = new TopK(k);
        }

        /** @return the rows the statement returned, matching or not */
        int read(PreparedStatement ps) throws SQLException {
            int returned = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    returned++;
                    String metadata = rs.getString(3);
                    if (rows.containsKey(rs.getString(1)) || !MysqlTable.matches(request.filter(), rs.getInt(5) != 0, metadata)) {
                        continue;
                    }
                    float[] embedding = VectorCodec.decode(rs.getBytes(2));
                    StoredRow row = StoredRow.ofJson(rs.getString(1), embedding, metadata, rs.getString(4));
                    rows.put(row.id(), row);
                    top.offer(row.id(), NodeMap.NO_KEY, -1, Distances.distance(metric, query, embedding));
                }
            }
            return returned;
        }

        /** @return the k best, threshold applied, as results */
        List<SearchResult> results() {
            List<SearchResult> out = new ArrayList<>();
            for (TopK.Hit h : top.sorted()) {
                double score = metric.scoreOf(h.distance());
                if (request.threshold() != null && score < request.threshold()) {
                    break; // sorted by distance: the rest score lower still
                }
                StoredRow r = rows.get(h.id());
                out.add(new SearchResult(r.id(), score, h.distance(), r.metadata(), r.text(),
                        request.includeVectors() ? r.embedding() : null));
            }
            return out;
        }
    }

    /** @return the table's rows and those the filter lets through (deep ones included) */
    private static long[] counts(Connection c, MysqlTable table, SqlFragment where) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*), COALESCE(SUM(CASE WHEN " + where.sql()
                + " THEN 1 ELSE 0 END), 0) FROM " + table.quoted() + " t")) {
            JdbcBinder.bindAll(ps, 1, where.params());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }
}
