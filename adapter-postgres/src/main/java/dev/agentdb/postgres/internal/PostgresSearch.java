package dev.agentdb.postgres.internal;

import dev.agentdb.CollectionSpec;
import dev.agentdb.IndexParams;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.filter.FilterValues;
import dev.agentdb.internal.Json;
import dev.agentdb.postgres.PostgresFilterTranslator;
import dev.agentdb.sql.SqlFragment;
import dev.agentdb.sql.jdbc.JdbcBinder;
import dev.agentdb.sql.jdbc.JdbcSession;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static dev.agentdb.postgres.internal.PgSql.setLocal;

/**
 * k-NN search on PostgreSQL: how pgvector is asked (index walk, iterative scan or exact scan) and
 * how its candidates are re-scored in the JVM, so that scores equal every other backend's.
 *
 * <p>pgvector ranks ({@code ORDER BY embedding <=> ?}, {@code <->}, {@code <#>}) and the k +
 * {@value #EXTRA_CANDIDATES} candidates are re-scored from their stored components with the
 * {@link Metric} definitions, ordered by distance and id (code point order) and cut by the
 * threshold. Index settings ({@code hnsw.ef_search}, {@code ivfflat.probes}, iterative scans,
 * {@code enable_indexscan}) are {@code SET LOCAL} in a scope that is rolled back afterwards
 * ({@link JdbcSession#readScoped}), so none leaks into the pool or the caller's transaction.
 *
 * <p>Exact (index scans disabled) when asked, for FLAT, for a metric other than the collection's,
 * and when HNSW's {@code max(efSearch, k)} exceeds {@value #MAX_HNSW_EF_SEARCH}. With a filter,
 * the matches are counted up to a cap ({@value #EXACT_FILTER_MIN_ROWS} or
 * {@value #EXACT_FILTER_EF_FACTOR} x ef, x k for IVFFlat): fewer are scanned exactly, more walk the
 * index with pgvector 0.8's iterative scan; an index answer with fewer rows than asked while more
 * match is answered again exactly. Thread-safe. Not API.
 */
public final class PostgresSearch {
    /** Smallest match count for which a filtered search walks the index instead of scanning the matches exactly. */
    public static final int EXACT_FILTER_MIN_ROWS = 2_000;
    /** A filtered search scans exactly when fewer than this many x max(efSearch, k) rows match (or fewer than {@link #EXACT_FILTER_MIN_ROWS}). */
    public static final int EXACT_FILTER_EF_FACTOR = 10;
    /** pgvector's upper limit of {@code hnsw.ef_search}; larger requests are answered exactly. */
    public static final int MAX_HNSW_EF_SEARCH = 1_000;
    /** Lower bound of {@code hnsw.max_scan_tuples} for filtered index searches (pgvector's default). */
    public static final int MAX_SCAN_TUPLES = 20_000;
    /** Candidates fetched beyond k so that re-scoring can settle ties at the k-th place. */
    public static final int EXTRA_CANDIDATES = 4;

    private final JdbcSession session;
    private final PostgresDdl ddl;
    private final PostgresFilterTranslator filters;
    private final boolean iterativeScan;

    /**
     * @param session the adapter's session
     * @param ddl the schema's tables
     * @param filters the filter translator of the metadata column
     * @param iterativeScan whether the server's pgvector has iterative index scans (0.8+)
     */
    public PostgresSearch(JdbcSession session, PostgresDdl ddl, PostgresFilterTranslator filters, boolean iterativeScan) {
        this.session = session;
        this.ddl = ddl;
        this.filters = filters;
        this.iterativeScan = iterativeScan;
    }

    /**
     * @param collection a validated, existing collection
     * @param spec its spec
     * @param request the validated request
     * @return up to k results, nearest first (ties by id), above the threshold
     */
    public List<SearchResult> search(String collection, CollectionSpec spec, SearchRequest request) {
        if (spec.dimension() == 0) {
            return List.of(); // the default collection before its first insert holds nothing
        }
        Metric metric = request.metric() == null ? spec.metric() : request.metric();
        int k = request.k();
        boolean ivf = spec.index().type() == IndexParams.IndexType.IVFFLAT;
        int ef = Math.max(request.efSearch() == null ? spec.index().efSearch() : request.efSearch(), k);
        int probes = Math.min(request.probes() == null ? spec.index().probes() : request.probes(), spec.index().lists());
        boolean exactOnly = request.exact() || !PostgresDdl.indexed(spec.index()) || metric != spec.metric()
                || (!ivf && ef > MAX_HNSW_EF_SEARCH);
        SqlFragment f = filters.translate(request.filter());
        int fetch = (int) Math.min((long) k + EXTRA_CANDIDATES, Integer.MAX_VALUE);
        List<Candidate> candidates = session.readScoped(collection, c -> {
            boolean exact = exactOnly;
            if (!exact && request.filter() != null) {
                long cap = Math.max(EXACT_FILTER_MIN_ROWS, (long) EXACT_FILTER_EF_FACTOR * (ivf ? k : ef));
                exact = countUpTo(c, collection, f, cap) < cap;
            }
            if (exact) {
                return exactSearch(c, collection, metric, request.vector(), f, fetch);
            }
            if (ivf) {
                setLocal(c, "ivfflat.probes", Integer.toString(probes));
                if (request.filter() != null && iterativeScan) {
                    setLocal(c, "ivfflat.iterative_scan", "relaxed_order");
                }
            } else {
                setLocal(c, "hnsw.ef_search", Integer.toString(ef));
                if (request.filter() != null && iterativeScan) {
                    setLocal(c, "hnsw.iterative_scan", "strict_order");
                    setLocal(c, "hnsw.max_scan_tuples", Long.toString(Math.max(MAX_SCAN_TUPLES, 50L * ef)));
                }
            }
            String type = spec.dimension() > PostgresDdl.MAX_VECTOR_INDEX_DIMENSION ? "halfvec(" + spec.dimension() + ")" : "vector";
            List<Candidate> found = query(c, "SELECT id, embedding::text, metadata::text, text FROM " + ddl.table(collection)
                    + " WHERE " + f.sql() + " ORDER BY " + PostgresDdl.indexExpression(spec.dimension()) + " " + operator(metric)
                    + " ?::" + type + " LIMIT ?", f.params(), request.vector(), fetch);
            if (found.size() < fetch && countUpTo(c, collection, f, fetch) > found.size()) {
                // the graph walk missed matching rows (filter or deleted tuples): answer exactly
                return exactSearch(c, collection, metric, request.vector(), f, fetch);
            }
            return found;
        });
        return rank(candidates, metric, request);
    }

    private List<Candidate> exactSearch(Connection c, String collection, Metric metric, float[] vector,
                                        SqlFragment f, int fetch) throws SQLException {
        setLocal(c, "enable_indexscan", "off");
        return query(c, "SELECT id, embedding::text, metadata::text, text FROM " + ddl.table(collection) + " WHERE " + f.sql()
                + " ORDER BY embedding " + operator(metric) + " ?::vector, id LIMIT ?", f.params(), vector, fetch);
    }

    private static List<Candidate> query(Connection c, String sql, List<Object> filterParams, float[] vector, int fetch)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = JdbcBinder.bindAll(ps, 1, filterParams);
            ps.setString(i++, PgVectors.toText(vector));
            ps.setInt(i, fetch);
            List<Candidate> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Candidate(rs.getString(1), PgVectors.parse(rs.getString(2)), rs.getString(3), rs.getString(4)));
                }
            }
            return out;
        }
    }

    private long countUpTo(Connection c, String collection, SqlFragment f, long cap) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM (SELECT 1 FROM " + ddl.table(collection)
                + " WHERE " + f.sql() + " LIMIT ?) s")) {
            int i = JdbcBinder.bindAll(ps, 1, f.params());
            ps.setLong(i, cap);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Re-scores candidates with the {@link Metric} definitions, orders by (distance, id), applies threshold and k. */
    private static List<SearchResult> rank(List<Candidate> candidates, Metric metric, SearchRequest request) {
        List<Scored> scored = new ArrayList<>(candidates.size());
        for (Candidate cand : candidates) {
            scored.add(new Scored(cand, PgVectors.distance(metric, request.vector(), cand.embedding)));
        }
        scored.sort((a, b) -> {
            int d = Double.compare(a.distance, b.distance);
            return d != 0 ? d : FilterValues.compareCodePoints(a.candidate.id, b.candidate.id);
        });
        List<SearchResult> out = new ArrayList<>(Math.min(request.k(), scored.size()));
        for (Scored s : scored) {
            if (out.size() == request.k()) {
                break;
            }
            double score = metric.scoreOf(s.distance);
            if (request.threshold() != null && score < request.threshold()) {
                continue;
            }
            out.add(new SearchResult(s.candidate.id, score, s.distance, Collections.unmodifiableMap(Json.readObject(s.candidate.metadata)),
                    s.candidate.text, request.includeVectors() ? s.candidate.embedding : null));
        }
        return out;
    }

    /** A row pgvector ranked: metadata stays text until the candidate makes the cut. */
    private record Candidate(String id, float[] embedding, String metadata, String text) {
    }

    private record Scored(Candidate candidate, double distance) {
    }

    private static String operator(Metric metric) {
        switch (metric) {
            case L2: return "<->";
            case INNER_PRODUCT: return "<#>";
            case COSINE:
            default: return "<=>";
        }
    }
}
