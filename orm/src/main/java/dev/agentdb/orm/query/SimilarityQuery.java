package dev.agentdb.orm.query;

import dev.agentdb.Limits;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;
import dev.agentdb.orm.mapping.EntityMapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A k-nearest-neighbour query over entities, with {@code where} conditions (a pre-filter: up to
 * {@code k} matching entities come back), a minimum score and the HNSW {@code efSearch}. Runs on the
 * API's {@code search}; scores and distances follow {@link Metric} on every backend.
 *
 * <pre>{@code
 * List<Hit<Doc>> similar = docs.query().similarTo(embedding, 5, Metric.COSINE)
 *         .where("category", Op.IN, List.of("tech", "science"))
 *         .find();
 * }</pre>
 *
 * <p>Entities with a {@code @Timestamp} property are read back by id after the search (a search result
 * carries no timestamp); a hit deleted in between is left out. Not thread-safe.
 *
 * @param <T> the entity type
 */
public final class SimilarityQuery<T> extends FilteredQuery<T, SimilarityQuery<T>> {
    private final float[] vector;
    private final int k;
    private final Metric metric;
    private Double threshold;
    private Integer efSearch;
    private boolean exact;

    SimilarityQuery(VectorCollection collection, EntityMapping<T> mapping, List<Filter> filters, float[] vector, int k, Metric metric) {
        super(collection, mapping, filters);
        this.vector = vector;
        this.k = k;
        this.metric = metric;
    }

    @Override
    SimilarityQuery<T> self() {
        return this;
    }

    /**
     * @param minScore the lowest score kept (see {@link Metric}); finite
     * @return this query
     */
    public SimilarityQuery<T> threshold(double minScore) {
        this.threshold = minScore;
        return this;
    }

    /**
     * @param value the HNSW candidate list size for this query, 1 to {@link Limits#MAX_EF}
     * @return this query
     */
    public SimilarityQuery<T> efSearch(int value) {
        this.efSearch = value;
        return this;
    }

    /**
     * @param value true to compare with every matching entity instead of using the index (ground truth)
     * @return this query
     */
    public SimilarityQuery<T> exact(boolean value) {
        this.exact = value;
        return this;
    }

    /**
     * Runs the search.
     *
     * @return up to k hits, closest first (ties by id)
     * @throws dev.agentdb.DimensionMismatchException when the vector's length differs from the collection's
     * @throws dev.agentdb.InvalidInputException for k outside 1..{@link Limits#MAX_K}, a NaN component,
     *         an infinite threshold or efSearch out of range
     */
    public List<Hit<T>> find() {
        boolean reread = mapping.timestamp() != null;
        List<SearchResult> results = collection.search(SearchRequest.builder(vector).k(k).metric(metric).filter(filter())
                .threshold(threshold).efSearch(efSearch).exact(exact).includeVectors(!reread).build());
        List<Hit<T>> hits = new ArrayList<>(results.size());
        for (SearchResult r : results) {
            Optional<VectorRecord> record = reread ? collection.get(r.id())
                    : Optional.of(new VectorRecord(r.id(), r.embedding(), r.metadata(), r.text(), null));
            record.ifPresent(rec -> hits.add(new Hit<>(mapping.toEntity(rec), r.score(), r.distance())));
        }
        return hits;
    }

    /**
     * @return the closest hit, or empty when none matches
     */
    public Optional<Hit<T>> first() {
        return find().stream().findFirst();
    }
}
