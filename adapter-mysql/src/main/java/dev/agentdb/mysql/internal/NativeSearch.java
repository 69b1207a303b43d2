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
 * {@link SessionEfSearch}), then one statement,
 * {@code SELECT ..., VEC_DISTANCE_<metric>(t.embedding, ?) AS d [WHERE <filter>] ORDER BY d LIMIT n},
 * with the query bound as little-endian float32 bytes (MariaDB's binary vector format, what
 * {@code VEC_FromText} returns). It asks for k + 1 rows (each returned row costs the server a read of
 * the base table); when the one after the k-th is as near as the k-th, or fewer than k kept their
 * place, it asks again for k + {@link IndexSearch#TIE_MARGIN}, so that ties at the k-th place break
 * by id as everywhere else.
 *
 * <p>Distances: the server's. {@code VEC_DISTANCE_EUCLIDEAN}/{@code VEC_DISTANCE_COSINE} compute on
 * the stored float32 values (not the index's quantised copy) with double sums, and agree with
 * {@link Metric#distance}, the reference, once rounded to float: at most one float ulp apart (probe,
 * 3,000 64-d rows per metric, a third of them 1,000 times longer, 200 queries x 18 rows: 181 of 3,600
 * cosine and 150 of 3,600 l2 distances one ulp off, relative 1.2e-7 at most; the kit allows 1e-5), so
 * no embedding travels unless the caller asks for it. Where the server's definition differs, the row
 * is re-scored in Java from its exact bytes: a row whose vector the index holds scaled ({@code raw}
 * set: vectors MariaDB cannot store, and zero vectors under cosine, indexed as a placeholder
 * direction, {@link NativeIndex#indexable}), and under cosine a row whose server distance is 0 (the
 * query's own direction) or not a number (a zero vector written before placeholders: MariaDB's
 * cosine of a zero vector is NaN, AgentDB's distance 1). So under cosine an answer whose k-th
 * distance is 1 or more, where a zero vector may belong, is scanned exactly, and so is a zero query.
 * Rows are ranked by (distance, id).
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
 * exactly; so it does for a query MariaDB cannot take as a vector ({@link NativeIndex#fits}), and when
 * fewer than k of the returned rows kept the server's ranking (many re-scored zero vectors, say). Rows
 * kept scaled need no more under cosine, which a scaling does not change (the index ranks them where
 * they belong; the first statement returns their exact bytes). Under l2 the index ranks their scaled
 * copies wherever, but their norm is above {@link NativeIndex#MIN_UNFIT_NORM}, so their distance to the
 * query is more than that minus the query's norm: only when the k-th distance found is not below
 * that bound (queries and rows of norm near 1e18) does a second statement read them all and rank them
 * with the others. Not API.
 */
public final class NativeSearch {
    private NativeSearch() {
    }

    /**
     * @param c the connection to search on (its session's {@code mhnsw_ef_search} is set)
     * @param session the {@code mhnsw_ef_search} the pool's sessions hold (set only when it differs)
     * @param table the collection table, on MariaDB's vector index ({@link MysqlTable#nativeIndex} not null)
     * @param filters the translator of {@code t.metadata}
     * @param spec the collection's spec
     * @param request a validated request ranking by the collection's metric, not exact
     * @return up to k results, closest first, ties by id; or null when the matching rows are better
     *         scanned exactly, or the index returned too few rows (the caller then scans exactly)
     * @throws SQLException from the driver
     */
    public static List<SearchResult> search(Connection c, SessionEfSearch session, MysqlTable table, MysqlFilterTranslator filters,
                                            CollectionSpec spec, SearchRequest request) throws SQLException {
        int k = request.k();
        float[] query = request.vector();
        double squaredNorm = NativeIndex.squaredNorm(query); // one pass serves the fit, the zero check and the l2 bound
        if (squaredNorm > NativeIndex.MAX_SQUARED_NORM || spec.metric() == Metric.COSINE && squaredNorm == 0) {
            return null; // MariaDB cannot take the query as a vector, or a zero query under cosine
        }
        long ef = Math.max(k, request.efSearch() != null ? request.efSearch() : spec.index().efSearch());
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
        boolean cosine = spec.metric() == Metric.COSINE;
        String function = table.nativeIndex().distanceFunction() + "(t.embedding, ?)";
        // columns: id, metadata, text, deep, raw, [exact bytes where the server's cosine is 0 or NaN,] [embedding,] d
        String select = "SELECT t.id, t.metadata, t.text, t.deep, t.raw"
                + (cosine ? ", IF(" + function + " > 0 AND " + function + " <= 2, NULL, CAST(t.embedding AS BINARY))" : "")
                + (request.includeVectors() ? ", CAST(t.embedding AS BINARY)" : "")
                + ", " + function + " AS d FROM " + table.quoted() + " t" + (where == null ? "" : " WHERE " + where.sql()) + " ORDER BY d LIMIT ";
        byte[] vector = VectorCodec.encode(query);
        int widest = Math.min(Limits.MAX_K, k + IndexSearch.TIE_MARGIN);
        Candidates found;
        for (int limit = Math.min(widest, k + 1); ; limit = widest) {
            found = new Candidates(spec.metric(), query, request, k);
            try (PreparedStatement ps = c.prepareStatement(select + limit)) {
                int next = 1;
                if (cosine) {
                    ps.setBytes(next++, vector);
                    ps.setBytes(next++, vector);
                }
                ps.setBytes(next++, vector);
                if (where != null) {
                    JdbcBinder.bindAll(ps, next, where.params());
                }
                found.readRanked(ps, cosine);
            }
            if (found.returned < limit) {
                return null; // the index gave up before finding enough matching rows, or the table is small
            }
            if (limit == widest || found.ranked >= k && !found.tiedBeyondK()) {
                break; // else ask a few more: rows tied with the k-th may follow, or some were displaced
            }
        }
        if (found.ranked < k || cosine && found.kthDistance() >= 1) {
            return null; // at a k-th distance of 1 or more, a zero vector (1) may belong wherever the index put it
        }
        if (!cosine && found.kthDistance() >= NativeIndex.MIN_UNFIT_NORM - Math.sqrt(squaredNorm)) {
            // a row kept scaled (norm above MIN_UNFIT_NORM) could be nearer than the k-th, wherever the index ranked its copy
            try (PreparedStatement ps = c.prepareStatement("SELECT t.id, t.metadata, t.text, t.deep, t.raw FROM " + table.quoted()
                    + " t WHERE t.raw IS NOT NULL" + (where == null ? "" : " AND " + where.sql()))) {
                if (where != null) {
                    JdbcBinder.bindAll(ps, 1, where.params());
                }
                found.readRaw(ps);
            }
        }
        return found.results();
    }

    /** Rows read so far, scored, the k best kept. */
    private static final class Candidates {
        private final Metric metric;
        private final float[] query;
        private final SearchRequest request;
        private final TopK top;
        private final Map<String, StoredRow> rows = new HashMap<>();
        private List<TopK.Hit> sorted;
        /** rows the ranked statement returned, matching or not */
        int returned;
        /** of those, the matching ones the index placed by their own distance */
        int ranked;

        Candidates(Metric metric, float[] query, SearchRequest request, int k) {
            this.metric = metric;
            this.query = query;
            this.request = request;
            this.top = new TopK(k + 1); // one beyond k, to see a tie at the k-th place
        }

        /** Reads the index's answer ({@code id, metadata, text, deep, raw, [cosine 0 or NaN bytes], [embedding], d}). */
        void readRanked(PreparedStatement ps, boolean cosine) throws SQLException {
            try (ResultSet rs = ps.executeQuery()) {
                int column = 6;
                int exactColumn = cosine ? column++ : 0;
                int embeddingColumn = request.includeVectors() ? column++ : 0;
                int distanceColumn = column;
                while (rs.next()) {
                    returned++;
                    String metadata = rs.getString(2);
                    if (!MysqlTable.matches(request.filter(), rs.getInt(4) != 0, metadata)) {
                        continue;
                    }
                    byte[] raw = rs.getBytes(5);
                    byte[] exactBytes = raw != null ? raw : exactColumn == 0 ? null : rs.getBytes(exactColumn);
                    float[] exact = exactBytes == null ? null : VectorCodec.decode(exactBytes); // the row's exact vector
                    double server = serverDistance(rs.getDouble(distanceColumn));
                    double distance = exact == null ? server : Distances.distance(metric, query, exact);
                    if (Math.abs(distance - server) <= 1e-5 * Math.max(1, Math.abs(server))) {
                        ranked++; // else the index placed it by another distance (a zero vector, a scaled copy under l2)
                    }
                    float[] embedding = !request.includeVectors() ? null
                            : exact != null ? exact : VectorCodec.decode(rs.getBytes(embeddingColumn));
                    add(StoredRow.ofJson(rs.getString(1), embedding, metadata, rs.getString(3)), distance);
                }
            }
        }

        /** Reads the {@code raw} rows ({@code id, metadata, text, deep, raw}), each scored from its exact bytes. */
        void readRaw(PreparedStatement ps) throws SQLException {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String metadata = rs.getString(2);
                    if (rows.containsKey(rs.getString(1)) || !MysqlTable.matches(request.filter(), rs.getInt(4) != 0, metadata)) {
                        continue;
                    }
                    float[] embedding = VectorCodec.decode(rs.getBytes(5));
                    add(StoredRow.ofJson(rs.getString(1), request.includeVectors() ? embedding : null, metadata, rs.getString(3)),
                            Distances.distance(metric, query, embedding));
                }
            }
        }

        /** The server's double, as the reference reports it: rounded to float, a cosine distance clamped to [0, 2]. */
        private double serverDistance(double d) {
            float rounded = (float) d;
            return metric == Metric.COSINE ? Math.min(2f, Math.max(0f, rounded)) : rounded;
        }

        private void add(StoredRow row, double distance) {
            rows.put(row.id(), row);
            top.offer(row.id(), NodeMap.NO_KEY, -1, distance);
            sorted = null;
        }

        /** @return the best so far, sorted once per change */
        private List<TopK.Hit> hits() {
            if (sorted == null) {
                sorted = top.sorted();
            }
            return sorted;
        }

        /** @return the distance of the k-th best so far, or infinity when fewer than k */
        double kthDistance() {
            List<TopK.Hit> hits = hits();
            return hits.size() < request.k() ? Double.POSITIVE_INFINITY : hits.get(request.k() - 1).distance();
        }

        /** @return whether the best after the k-th is as near as the k-th (more such rows may follow) */
        boolean tiedBeyondK() {
            List<TopK.Hit> hits = hits();
            return hits.size() > request.k() && hits.get(request.k()).distance() == hits.get(request.k() - 1).distance();
        }

        /** @return the k best, threshold applied, as results */
        List<SearchResult> results() {
            List<SearchResult> out = new ArrayList<>();
            List<TopK.Hit> hits = hits();
            for (TopK.Hit h : hits.subList(0, Math.min(request.k(), hits.size()))) {
                double score = metric.scoreOf(h.distance());
                if (request.threshold() != null && score < request.threshold()) {
                    break; // sorted by distance: the rest score lower still
                }
                StoredRow r = rows.get(h.id());
                out.add(new SearchResult(r.id(), score, h.distance(), r.metadata(), r.text(), r.embedding()));
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
