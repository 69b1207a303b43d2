package dev.agentdb.mongodb.internal;

import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.SearchIndexModel;
import com.mongodb.client.model.SearchIndexType;
import com.mongodb.client.model.search.SearchPath;
import com.mongodb.client.model.search.VectorSearchOptions;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.CollectionSpec;
import dev.agentdb.IndexParams;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.filter.Filter;
import dev.agentdb.filter.FilterValues;
import dev.agentdb.hnsw.Distances;
import org.bson.BinaryVector;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * MongoDB's vector search (Atlas, the {@code mongodb/mongodb-atlas-local} image, or MongoDB 8.2+ with
 * {@code mongot}): the decisions and shapes the adapter uses, built with the driver's own builders and
 * kept free of I/O so that unit tests check them against MongoDB's documented shapes.
 *
 * <ul>
 *   <li>Support: asked of the deployment, never read from its URL: {@code $listSearchIndexes} on an
 *       existing collection answers (a cursor, maybe empty) where search is enabled; elsewhere the server
 *       refuses it ({@value #SEARCH_NOT_ENABLED} {@code SearchNotEnabled} on a {@code mongod} without
 *       {@code mongot}, {@value #UNRECOGNIZED_STAGE} on servers that do not know the stage, such as the
 *       mongo-java-server stand-in): {@link #unavailableReason}.</li>
 *   <li>Which collections use it ({@link #servesMetric}): cosine and l2 collections created while the
 *       deployment has it; inner product never (MongoDB documents {@code dotProduct} for vectors of unit
 *       length only; AgentDB's inner product takes any vector), nor with {@value #MODE_PROPERTY}
 *       {@code =in-house}.</li>
 *   <li>Index ({@value #INDEX_NAME}): {@code {fields: [{type: "vector", path: "embedding",
 *       numDimensions, similarity}, {type: "filter", path: "metadata.<path>"}...]}}; similarity
 *       {@code cosine} or {@code euclidean}. The metadata paths come from {@value #FILTER_FIELDS_PROPERTY}
 *       (every collection) and {@value #FILTER_FIELDS_PROPERTY}{@code .<collection>} (that collection),
 *       comma-separated, as Spring AI's {@code metadataFieldsToFilter} and LangChain4j's
 *       {@code metadataFieldNames} name them (metadata keys or dotted paths, without {@code metadata.}).</li>
 *   <li>Pipeline: {@code $vectorSearch} (the query as a float32 binary vector, {@code limit} k plus a
 *       tie margin, {@code numCandidates} from efSearch, or {@code exact: true}; {@code filter} the
 *       part of the search's filter that {@link #prefilter} can express on declared paths), then a
 *       {@code $project} keeping the embedding, metadata and text. MongoDB's
 *       {@code vectorSearchScore} is not AgentDB's score (cosine: {@code (1 + cos) / 2}); the adapter
 *       re-scores every returned embedding exactly, as the in-house search does, so scores and
 *       distances are {@link Metric}'s on every path.</li>
 * </ul>
 * Not API.
 */
public final class MongoVectorSearch {
    /** MongoDB's largest {@code numCandidates} (and {@code limit}). */
    public static final int MAX_NUM_CANDIDATES = 10_000;
    /** Results asked for beyond k, so that ties at the k-th place break by id as an exact scan does. */
    public static final int TIE_MARGIN = 8;
    /** The name of the vector search index the adapter creates on a collection. */
    public static final String INDEX_NAME = "agentdb_vector_index";
    /** What {@code stats().indexImplementation()} reports for a collection searched with {@code $vectorSearch}. */
    public static final String IMPLEMENTATION = "mongodb-vector-search";
    /** The server's error code when search is not enabled on a {@code mongod} ({@code SearchNotEnabled}). */
    public static final int SEARCH_NOT_ENABLED = 31082;
    /** The server's error code for an aggregation stage it does not know. */
    public static final int UNRECOGNIZED_STAGE = 40324;
    /** The adapter property choosing whether new collections may use {@code $vectorSearch}: {@code auto} (default) or {@code in-house}. */
    public static final String MODE_PROPERTY = "mongodb.vector_search";
    /** The adapter property listing the metadata paths every collection's vector search index declares as filter fields. */
    public static final String FILTER_FIELDS_PROPERTY = "mongodb.vector_search.filter_fields";
    /** The adapter property bounding the wait for a vector search index to become queryable, in ms. */
    public static final String READY_TIMEOUT_PROPERTY = "mongodb.vector_search.ready_timeout_ms";
    /** Default of {@link #READY_TIMEOUT_PROPERTY}, in ms. */
    public static final long DEFAULT_READY_TIMEOUT_MS = 120_000;
    /** Largest integer a number filter value may have for the pre-filter: 2^53 (beyond, a double does not hold every integer). */
    private static final long SAFE_INTEGER = 1L << 53;

    private MongoVectorSearch() {
    }

    // ------------------------------------------------------------------ support and choice

    /**
     * Reads the server's answer to {@code $listSearchIndexes} when it refused it.
     *
     * @param code the server's error code
     * @param codeName the server's error code name, or null
     * @param message the server's error message, or null
     * @return why vector search is not available, for logs and {@code health()}
     */
    public static String unavailableReason(int code, String codeName, String message) {
        String why;
        if (code == SEARCH_NOT_ENABLED) {
            why = "search is not enabled on this deployment (no mongot)";
        } else if (code == UNRECOGNIZED_STAGE) {
            why = "the server does not know $listSearchIndexes";
        } else {
            why = "the server refused $listSearchIndexes";
        }
        return why + " (" + code + (codeName == null || codeName.isEmpty() ? "" : " " + codeName) + ": "
                + (message == null ? "" : message) + ")";
    }

    /**
     * @param config the adapter's configuration
     * @return whether new collections may use {@code $vectorSearch} ({@value #MODE_PROPERTY}: {@code auto}, the default)
     * @throws InvalidInputException naming {@value #MODE_PROPERTY} for another value
     */
    public static boolean allowed(AgentDBConfig config) {
        String v = config.property(MODE_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        if (!v.equals("auto") && !v.equals("in-house")) {
            throw new InvalidInputException(MODE_PROPERTY, "must be 'auto' or 'in-house', was '" + dev.agentdb.internal.Validation.abbreviate(v)
                    + "'");
        }
        return v.equals("auto");
    }

    /**
     * @param metric a collection's metric
     * @return whether {@code $vectorSearch} can serve it: cosine and l2 ({@code dotProduct} needs unit vectors)
     */
    public static boolean servesMetric(Metric metric) {
        return metric == Metric.COSINE || metric == Metric.L2;
    }

    /**
     * @param config the adapter's configuration
     * @return {@value #READY_TIMEOUT_PROPERTY}, in ms
     * @throws InvalidInputException naming the property when it is not a positive integer
     */
    public static long readyTimeoutMs(AgentDBConfig config) {
        String v = config.property(READY_TIMEOUT_PROPERTY, null);
        if (v == null) {
            return DEFAULT_READY_TIMEOUT_MS;
        }
        try {
            long ms = Long.parseLong(v.trim());
            if (ms > 0) {
                return ms;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new InvalidInputException(READY_TIMEOUT_PROPERTY, "must be a positive number of ms, was '"
                + dev.agentdb.internal.Validation.abbreviate(v) + "'");
    }

    /**
     * The metadata paths a collection's index declares as filter fields: those of
     * {@value #FILTER_FIELDS_PROPERTY} followed by those of {@value #FILTER_FIELDS_PROPERTY}{@code .<collection>},
     * each once, in order.
     *
     * @param config the adapter's configuration
     * @param collection a collection name
     * @return the paths (metadata keys or dotted paths, without {@code metadata.}); empty when none are configured
     * @throws InvalidInputException naming the property when a path is malformed (as filter paths are checked)
     */
    public static List<String> filterFields(AgentDBConfig config, String collection) {
        Set<String> out = new LinkedHashSet<>();
        for (String key : List.of(FILTER_FIELDS_PROPERTY, FILTER_FIELDS_PROPERTY + "." + collection)) {
            String v = config.property(key, null);
            if (v == null) {
                continue;
            }
            for (String part : v.split(",")) {
                String path = part.trim();
                if (path.isEmpty()) {
                    continue;
                }
                FilterValues.checkPath(key, path);
                out.add(path);
            }
        }
        return new ArrayList<>(out);
    }

    // ------------------------------------------------------------------ the index

    /**
     * @param metric a metric {@link #servesMetric} accepts
     * @return MongoDB's name of its similarity ({@code cosine}, {@code euclidean}; {@code dotProduct} for inner product)
     */
    public static String similarity(Metric metric) {
        switch (metric) {
            case COSINE:
                return "cosine";
            case L2:
                return "euclidean";
            case INNER_PRODUCT:
                return "dotProduct";
            default:
                throw new IllegalArgumentException("no MongoDB similarity for " + metric);
        }
    }

    /**
     * @param spec a collection's spec (dimension 1 or more)
     * @param filterPaths the metadata paths its searches may filter on ({@code a.b}; checked as filter paths are)
     * @return the {@code vectorSearch} index definition
     * @throws InvalidInputException naming {@code filterPaths} for a malformed path
     */
    public static Document indexDefinition(CollectionSpec spec, List<String> filterPaths) {
        List<Document> fields = new ArrayList<>();
        fields.add(new Document("type", "vector").append("path", MongoDocuments.EMBEDDING).append("numDimensions", spec.dimension())
                .append("similarity", similarity(spec.metric())));
        for (String path : filterPaths) {
            FilterValues.checkPath("filterPaths", path);
            fields.add(new Document("type", "filter").append("path", MongoDocuments.METADATA + "." + path));
        }
        return new Document("fields", fields);
    }

    /**
     * @param name the index name
     * @param spec the collection's spec
     * @param filterPaths the metadata paths searches may filter on
     * @return the model {@code createSearchIndexes} takes
     */
    public static SearchIndexModel indexModel(String name, CollectionSpec spec, List<String> filterPaths) {
        return new SearchIndexModel(name, indexDefinition(spec, filterPaths), SearchIndexType.vectorSearch());
    }

    /**
     * One index as {@code $listSearchIndexes} describes it:
     * {@code {id, name, type: "vectorSearch", status: "READY", queryable: true, latestDefinition: {fields: [...]}}}.
     *
     * @param name the index name
     * @param queryable whether searches may use it ({@code queryable})
     * @param status its status ({@code PENDING}, {@code BUILDING}, {@code READY}, {@code FAILED}, {@code STALE},
     *               {@code DOES_NOT_EXIST}, {@code DELETING}), or {@code "unknown"}
     * @param filterPaths the metadata paths its latest definition declares as filter fields (without {@code metadata.})
     * @param numDimensions the dimension of its vector field, 0 when it has none
     * @param similarity the similarity of its vector field, or null
     */
    public record IndexInfo(String name, boolean queryable, String status, Set<String> filterPaths, int numDimensions,
                            String similarity) {
        /** @return whether the index failed to build ({@code FAILED}): searches cannot use it until it is rebuilt */
        public boolean failed() {
            return "FAILED".equals(status);
        }

        /**
         * @param spec the collection's spec
         * @return whether the index's vector field matches the spec (dimension and the metric's similarity)
         */
        public boolean matches(CollectionSpec spec) {
            return numDimensions == spec.dimension() && MongoVectorSearch.similarity(spec.metric()).equals(similarity);
        }
    }

    /**
     * @param d one document of {@code $listSearchIndexes}
     * @return what the adapter reads of it
     */
    public static IndexInfo indexInfo(Document d) {
        Set<String> paths = new LinkedHashSet<>();
        int dims = 0;
        String similarity = null;
        Object def = d.get("latestDefinition");
        if (def instanceof Document definition && definition.get("fields") instanceof List<?> fields) {
            for (Object f : fields) {
                if (!(f instanceof Document field) || !(field.get("path") instanceof String path)) {
                    continue;
                }
                if ("filter".equals(field.getString("type")) && path.startsWith(MongoDocuments.METADATA + ".")) {
                    paths.add(path.substring(MongoDocuments.METADATA.length() + 1));
                } else if ("vector".equals(field.getString("type")) && MongoDocuments.EMBEDDING.equals(path)) {
                    dims = field.get("numDimensions") instanceof Number n ? n.intValue() : 0;
                    similarity = field.getString("similarity");
                }
            }
        }
        Object status = d.get("status");
        return new IndexInfo(d.getString("name"), Boolean.TRUE.equals(d.getBoolean("queryable")),
                status == null ? "unknown" : status.toString(), paths, dims, similarity);
    }

    // ------------------------------------------------------------------ searches

    /**
     * @param request a validated search
     * @param spec the collection's spec
     * @return {@code numCandidates}: efSearch (the request's, else the collection's), at least the limit asked,
     *         at most {@value #MAX_NUM_CANDIDATES}
     */
    public static int numCandidates(SearchRequest request, CollectionSpec spec) {
        int ef = request.efSearch() != null ? request.efSearch() : spec.index().efSearch();
        return Math.min(MAX_NUM_CANDIDATES, Math.max(ef, limit(request)));
    }

    /**
     * @param request a validated search
     * @return {@code limit}: k plus {@value #TIE_MARGIN}, at most {@value #MAX_NUM_CANDIDATES}
     */
    public static int limit(SearchRequest request) {
        return Math.min(MAX_NUM_CANDIDATES, request.k() + TIE_MARGIN);
    }

    /**
     * @param index the vector search index
     * @param request a validated search
     * @param spec the collection's spec
     * @param prefilter a query on declared filter paths that {@code $vectorSearch} accepts, or null
     * @return the pipeline: {@code $vectorSearch} ({@link #limit} results), then the documents' embedding, metadata and text
     */
    public static List<Bson> pipeline(String index, SearchRequest request, CollectionSpec spec, Bson prefilter) {
        boolean exact = request.exact() || spec.index().type() == IndexParams.IndexType.FLAT;
        VectorSearchOptions options = exact ? VectorSearchOptions.exactVectorSearchOptions()
                : VectorSearchOptions.approximateVectorSearchOptions(numCandidates(request, spec));
        if (prefilter != null) {
            options = options.filter(prefilter);
        }
        return List.of(Aggregates.vectorSearch(SearchPath.fieldPath(MongoDocuments.EMBEDDING),
                        BinaryVector.floatVector(request.vector()), index, limit(request), options),
                Aggregates.project(Projections.fields(Projections.include(MongoDocuments.EMBEDDING, MongoDocuments.METADATA,
                        MongoDocuments.TEXT), Projections.metaVectorSearchScore("score"))));
    }

    /**
     * What {@link #rank} made of the documents {@code $vectorSearch} returned.
     *
     * @param results at most k results, closest first (ties by id in code point order), each matching the
     *                search's filter and at or above its threshold; scores and distances re-computed exactly
     * @param incomplete whether the filter test removed documents while {@code $vectorSearch} returned all
     *                   it was asked for and fewer than k remain: more matching documents may exist, and the
     *                   exact scan must answer instead
     */
    public record Ranked(List<SearchResult> results, boolean incomplete) {
    }

    /**
     * Ranks the documents of a {@code $vectorSearch} pipeline ({@link #pipeline}: {@code _id}, {@code embedding},
     * {@code metadata}, {@code text}): each is tested with the search's {@link Filter#test} (the pre-filter is a
     * superset) and re-scored exactly against its embedding with the distance the in-house and exact paths use
     * ({@code Distances.distance}, {@link Metric#scoreOf}); documents without a float32 embedding of the spec's
     * dimension are skipped. Then the threshold, the order (distance, then id by code point) and k.
     *
     * @param found the pipeline's documents, in any order
     * @param request the validated search (the collection's metric)
     * @param spec the collection's spec
     * @return the results, and whether they may miss matching documents
     */
    public static Ranked rank(List<Document> found, SearchRequest request, CollectionSpec spec) {
        Metric metric = spec.metric();
        Filter filter = request.filter();
        boolean dropped = false;
        List<SearchResult> hits = new ArrayList<>(found.size());
        for (Document d : found) {
            Map<String, Object> metadata = MongoDocuments.metadataOf(d.get(MongoDocuments.METADATA));
            if (filter != null && !filter.test(metadata)) {
                dropped = true;
                continue;
            }
            float[] v = MongoDocuments.embeddingOf(d.get(MongoDocuments.EMBEDDING));
            if (v == null || v.length != spec.dimension()) {
                continue;
            }
            double distance = Distances.distance(metric, request.vector(), v);
            double score = metric.scoreOf(distance);
            if (request.threshold() != null && score < request.threshold()) {
                continue;
            }
            hits.add(new SearchResult(d.getString(MongoDocuments.ID), score, distance, Collections.unmodifiableMap(metadata),
                    d.getString(MongoDocuments.TEXT), request.includeVectors() ? v : null));
        }
        boolean incomplete = dropped && hits.size() < request.k() && found.size() >= limit(request);
        hits.sort((a, b) -> a.distance() != b.distance() ? Double.compare(a.distance(), b.distance())
                : FilterValues.compareCodePoints(a.id(), b.id()));
        return new Ranked(hits.size() > request.k() ? new ArrayList<>(hits.subList(0, request.k())) : hits, incomplete);
    }

    /**
     * What of a search's filter {@code $vectorSearch} can apply before ranking.
     *
     * @param query the {@code filter} of the {@code $vectorSearch} stage, or null for none
     * @param complete whether the search's filter is entirely in {@code query} (a filter of null is);
     *                 when false, results are tested with {@link Filter#test} after the search
     */
    public record Prefilter(Bson query, boolean complete) {
        /** @return whether the pre-filter restricts nothing while the search's filter does: the filter is on undeclared paths only */
        public boolean unconstrained() {
            return query == null && !complete;
        }
    }

    /**
     * Builds a pre-filter that matches at least every document the filter matches (a superset), from
     * the leaves {@code $vectorSearch} can apply on declared paths: {@code eq} of a string or boolean
     * ({@code $eq}); {@code eq}, {@code gt}, {@code gte}, {@code lt}, {@code lte} of a number within
     * &plusmn;2^53 (a range, closed: {@code $gte}/{@code $lte}, so int32, int64 and double compare alike and
     * open bounds are widened); {@code in} of such values ({@code $in} of strings and booleans, ranges
     * for numbers). Any other leaf ({@code ne}, {@code nin}, {@code exists}, {@code not}, {@code null},
     * string ranges, undeclared paths) restricts nothing: inside {@code and} it is left out, inside
     * {@code or} it makes the whole {@code or} restrict nothing. Because the pre-filter is a superset and
     * array values match by element in MongoDB, results are always tested with {@link Filter#test}
     * afterwards; {@link Prefilter#complete()} says only whether every leaf was kept.
     *
     * @param filter the search's filter, or null
     * @param declared the metadata paths the index declares as filter fields
     * @return the pre-filter
     */
    public static Prefilter prefilter(Filter filter, Set<String> declared) {
        if (filter == null) {
            return new Prefilter(null, true);
        }
        boolean[] complete = {true};
        Bson query = filter.accept(new Superset(declared, complete));
        return new Prefilter(query, complete[0]);
    }

    /** The superset translation of {@link #prefilter}: null stands for "restricts nothing". */
    private static final class Superset implements Filter.Visitor<Bson> {
        private final Set<String> declared;
        private final boolean[] complete;

        Superset(Set<String> declared, boolean[] complete) {
            this.declared = declared;
            this.complete = complete;
        }

        private Bson none() {
            complete[0] = false;
            return null;
        }

        private static String field(String path) {
            return MongoDocuments.METADATA + "." + path;
        }

        private static boolean safeNumber(Object v) {
            if (v instanceof Long l) {
                return l >= -SAFE_INTEGER && l <= SAFE_INTEGER;
            }
            return v instanceof Double d && Double.isFinite(d) && Math.abs(d) <= SAFE_INTEGER;
        }

        @Override
        public Bson comparison(Filter.Comparison c) {
            if (!declared.contains(c.path())) {
                return none();
            }
            Object v = c.value();
            String f = field(c.path());
            switch (c.op()) {
                case EQ:
                    if (v instanceof String || v instanceof Boolean) {
                        return Filters.eq(f, v);
                    }
                    return safeNumber(v) ? Filters.and(Filters.gte(f, v), Filters.lte(f, v)) : none();
                case GT:
                case GTE:
                    if (safeNumber(v)) {
                        complete[0] &= c.op() == Filter.Op.GTE;
                        return Filters.gte(f, v);
                    }
                    return none();
                case LT:
                case LTE:
                    if (safeNumber(v)) {
                        complete[0] &= c.op() == Filter.Op.LTE;
                        return Filters.lte(f, v);
                    }
                    return none();
                default: // NE
                    return none();
            }
        }

        @Override
        public Bson in(Filter.In in) {
            if (!declared.contains(in.path()) || in.values().isEmpty()) {
                return none();
            }
            String f = field(in.path());
            List<Object> plain = new ArrayList<>();
            List<Bson> any = new ArrayList<>();
            for (Object v : in.values()) {
                if (v instanceof String || v instanceof Boolean) {
                    plain.add(v);
                } else if (safeNumber(v)) {
                    any.add(Filters.and(Filters.gte(f, v), Filters.lte(f, v)));
                } else {
                    return none();
                }
            }
            if (!plain.isEmpty()) {
                any.add(0, Filters.in(f, plain));
            }
            return any.size() == 1 ? any.get(0) : Filters.or(any);
        }

        @Override
        public Bson nin(Filter.Nin nin) {
            return none();
        }

        @Override
        public Bson exists(Filter.Exists exists) {
            return none();
        }

        @Override
        public Bson and(Filter.And and) {
            List<Bson> parts = new ArrayList<>();
            for (Filter f : and.filters()) {
                Bson b = f.accept(this);
                if (b != null) {
                    parts.add(b);
                }
            }
            if (and.filters().isEmpty()) {
                return null; // matches everything: nothing to restrict, and nothing left out
            }
            return parts.isEmpty() ? null : parts.size() == 1 ? parts.get(0) : Filters.and(parts);
        }

        @Override
        public Bson or(Filter.Or or) {
            if (or.filters().isEmpty()) {
                return none(); // matches nothing: tested afterwards
            }
            List<Bson> parts = new ArrayList<>();
            for (Filter f : or.filters()) {
                Bson b = f.accept(this);
                if (b == null) {
                    return none(); // one branch restricts nothing: neither does the or
                }
                parts.add(b);
            }
            return parts.size() == 1 ? parts.get(0) : Filters.or(parts);
        }

        @Override
        public Bson not(Filter.Not not) {
            return none();
        }
    }
}
