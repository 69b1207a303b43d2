package dev.agentdb.mongodb.internal;

import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.SearchIndexModel;
import com.mongodb.client.model.SearchIndexType;
import com.mongodb.client.model.search.SearchPath;
import com.mongodb.client.model.search.VectorSearchOptions;
import dev.agentdb.CollectionSpec;
import dev.agentdb.IndexParams;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.filter.FilterValues;
import org.bson.BinaryVector;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.List;

/**
 * The shapes MongoDB's vector search (Atlas, or MongoDB 8.2+ with {@code mongot}) takes, built with
 * the driver's own builders: the {@code vectorSearch} index definition of a collection and the
 * {@code $vectorSearch} pipeline of a search. <b>Not used yet</b>: the adapter searches with the
 * in-house index on every deployment (stage 1); these are checked against MongoDB's documented
 * shapes by unit tests only, and nothing here has run against a deployment.
 *
 * <ul>
 *   <li>Index: {@code {fields: [{type: "vector", path: "embedding", numDimensions, similarity},
 *       {type: "filter", path: "metadata.<path>"}...]}}; similarity {@code cosine}, {@code euclidean},
 *       {@code dotProduct} for cosine, l2 and inner product (MongoDB documents {@code dotProduct} for
 *       normalised vectors only, so an inner-product collection with other vectors must not use it).</li>
 *   <li>Pipeline: {@code $vectorSearch} (the query as a float32 binary vector, {@code limit} k,
 *       {@code numCandidates} from efSearch, or {@code exact: true}), then a {@code $project} that
 *       keeps the document and adds {@code score: {$meta: "vectorSearchScore"}}. MongoDB's score is
 *       not AgentDB's distance: a caller re-scores the returned embeddings with {@link Metric}.</li>
 * </ul>
 * Not API.
 */
public final class MongoVectorSearch {
    /** MongoDB's largest {@code numCandidates}. */
    public static final int MAX_NUM_CANDIDATES = 10_000;

    private MongoVectorSearch() {
    }

    /**
     * @param metric a metric
     * @return MongoDB's name of its similarity
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
     * @throws dev.agentdb.InvalidInputException naming {@code filterPaths} for a malformed path
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
     * @param request a validated search
     * @param spec the collection's spec
     * @return {@code numCandidates}: efSearch (the request's, else the collection's), at least k, at most {@value #MAX_NUM_CANDIDATES}
     */
    public static int numCandidates(SearchRequest request, CollectionSpec spec) {
        int ef = request.efSearch() != null ? request.efSearch() : spec.index().efSearch();
        return Math.min(MAX_NUM_CANDIDATES, Math.max(ef, request.k()));
    }

    /**
     * @param index the vector search index
     * @param request a validated search
     * @param spec the collection's spec
     * @param prefilter a query on declared filter paths that {@code $vectorSearch} accepts, or null
     * @return the pipeline: {@code $vectorSearch}, then the document with its score
     */
    public static List<Bson> pipeline(String index, SearchRequest request, CollectionSpec spec, Bson prefilter) {
        boolean exact = request.exact() || spec.index().type() == IndexParams.IndexType.FLAT;
        VectorSearchOptions options = exact ? VectorSearchOptions.exactVectorSearchOptions()
                : VectorSearchOptions.approximateVectorSearchOptions(numCandidates(request, spec));
        if (prefilter != null) {
            options = options.filter(prefilter);
        }
        return List.of(Aggregates.vectorSearch(SearchPath.fieldPath(MongoDocuments.EMBEDDING),
                        BinaryVector.floatVector(request.vector()), index, request.k(), options),
                Aggregates.project(Projections.fields(Projections.include(MongoDocuments.EMBEDDING, MongoDocuments.METADATA,
                        MongoDocuments.TEXT, MongoDocuments.TIMESTAMP), Projections.metaVectorSearchScore("score"))));
    }
}
