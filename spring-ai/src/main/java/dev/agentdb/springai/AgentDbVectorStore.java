package dev.agentdb.springai;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionSpec;
import dev.agentdb.ConflictException;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Limits;
import dev.agentdb.Metric;
import dev.agentdb.NotFoundException;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.spi.Capability;
import org.springframework.ai.document.Document;
import org.springframework.ai.document.DocumentMetadata;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.observation.conventions.VectorStoreSimilarityMetric;
import org.springframework.ai.vectorstore.AbstractVectorStoreBuilder;
import org.springframework.ai.vectorstore.filter.Filter;
import org.springframework.ai.vectorstore.observation.AbstractObservationVectorStore;
import org.springframework.ai.vectorstore.observation.VectorStoreObservationContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Spring AI {@link org.springframework.ai.vectorstore.VectorStore} over one AgentDB collection, on any
 * AgentDB URL (SQLite file, PostgreSQL + pgvector, MySQL/MariaDB, ...). Thread-safe, like the
 * {@link AgentDB} it uses; the caller (or the Spring context) owns and closes that database.
 *
 * <pre>{@code
 * VectorStore store = AgentDbVectorStore.builder(agentDb, embeddingModel)
 *         .collection("docs")
 *         .initializeSchema(true)           // create the collection (dimension from the model, cosine)
 *         .build();
 * store.add(List.of(new Document("AgentDB runs on SQLite", Map.of("year", 2024))));
 * List<Document> hits = store.similaritySearch(SearchRequest.builder()
 *         .query("where does AgentDB run?").topK(5).similarityThreshold(0.5)
 *         .filterExpression("year >= 2020").build());
 * }</pre>
 *
 * <p>Mapping: a {@link Document} is an AgentDB record with the same id, its text as the record's
 * {@code text} and its metadata as the record's metadata (JSON values: strings, numbers, booleans,
 * lists, maps; integral numbers come back as Integer or Long, others as Double). {@code add} is an
 * upsert: a document with an existing id replaces that record. Found documents carry Spring AI's
 * similarity as {@code getScore()} (see below) and AgentDB's distance under the metadata key
 * {@code distance} ({@link DocumentMetadata#DISTANCE}), as the PgVector store does; a record written by
 * another AgentDB client without text comes back with the text {@code ""}, and its null metadata values
 * are left out (a {@code Document} cannot hold them).
 *
 * <p>Scores: {@code getScore()} is in [0, 1] and {@code similarityThreshold} applies to it: the cosine
 * ({@code 1 - distance}, as the PgVector store computes it) for a cosine collection, the dot product for
 * an inner-product one (the cosine of unit-length embeddings), both clamped to [0, 1], and AgentDB's
 * {@code 1 / (1 + distance)} for L2. Filters: {@link AgentDbFilterTranslator}.
 *
 * <p>Observations: Spring AI's {@code db.vector.client.operation} with {@code db.system} {@value #DB_SYSTEM},
 * the collection name, its dimension and metric ({@code cosine}, {@code euclidean} or {@code dot}).
 *
 * <p>Errors: what AgentDB refuses throws its typed exceptions: {@link InvalidInputException} naming the
 * field and limit (an id beyond {@link Limits#MAX_ID_LENGTH}, metadata beyond
 * {@link Limits#MAX_METADATA_BYTES}, a filter key that is not a metadata path),
 * {@link dev.agentdb.DimensionMismatchException} (the model's dimension is not the collection's),
 * {@link dev.agentdb.ReadOnlyException}, {@link dev.agentdb.BackendUnavailableException}.
 */
public class AgentDbVectorStore extends AbstractObservationVectorStore {
    /** The {@code db.system} of this store's observations. */
    public static final String DB_SYSTEM = "agentdb";

    /** The collection used when none is given (the PgVector store's default table name). */
    public static final String DEFAULT_COLLECTION_NAME = "vector_store";

    private final AgentDB db;
    private final VectorCollection collection;

    /**
     * Creates the store from its builder; use {@link #builder(AgentDB, EmbeddingModel)}.
     *
     * @param builder the builder, whose collection has been opened or created
     * @param collection that collection
     */
    protected AgentDbVectorStore(Builder builder, VectorCollection collection) {
        super(builder);
        this.db = builder.agentDb;
        this.collection = collection;
    }

    /**
     * Starts a builder.
     *
     * @param agentDb the open database; not null (the caller closes it)
     * @param embeddingModel the model that embeds documents and queries; not null
     * @return a builder
     * @throws InvalidInputException naming {@code agentDb} when it is null
     * @throws IllegalArgumentException (Spring AI's check) when {@code embeddingModel} is null
     */
    public static Builder builder(AgentDB agentDb, EmbeddingModel embeddingModel) {
        return new Builder(agentDb, embeddingModel);
    }

    /** @return the AgentDB collection this store reads and writes */
    public VectorCollection collection() {
        return collection;
    }

    /**
     * Embeds the documents with the store's model (in batches of its {@code BatchingStrategy}) and
     * upserts them, atomically. Spring AI's {@link #add(List)} calls it inside an observation.
     *
     * @param documents text documents; an empty list writes nothing
     * @throws InvalidInputException naming {@code records[i]} for the first record AgentDB refuses
     * @throws dev.agentdb.DimensionMismatchException when the model's dimension is not the collection's
     */
    @Override
    public void doAdd(List<Document> documents) {
        if (documents.isEmpty()) {
            return;
        }
        List<float[]> embeddings = this.embeddingModel.embed(documents, EmbeddingOptions.builder().build(), this.batchingStrategy);
        List<VectorRecord> records = new ArrayList<>(documents.size());
        for (int i = 0; i < documents.size(); i++) {
            Document d = documents.get(i);
            records.add(new VectorRecord(d.getId(), embeddings.get(i), new LinkedHashMap<>(d.getMetadata()), d.getText(), null));
        }
        collection.upsertBatch(records);
    }

    /**
     * Deletes the records of these ids, atomically on backends with transactions; missing ids are
     * ignored. Spring AI's {@link #delete(List)} calls it inside an observation.
     *
     * @param idList the ids; an empty list deletes nothing
     * @throws InvalidInputException naming {@code idList} when it is null, or naming the id for a null one
     */
    @Override
    public void doDelete(List<String> idList) {
        if (idList == null) {
            throw new InvalidInputException("idList", "must not be null");
        }
        if (idList.isEmpty()) {
            return;
        }
        Runnable delete = () -> idList.forEach(collection::delete);
        if (db.capabilities().contains(Capability.TRANSACTIONS)) {
            db.useTransaction(delete);
        } else {
            delete.run();
        }
    }

    /**
     * Deletes every record the filter matches, in one statement. Spring AI's
     * {@link #delete(Filter.Expression)} and {@link #delete(String)} (text syntax) call it.
     *
     * @param filterExpression the filter; not null (deleting everything takes an explicit filter)
     * @throws InvalidInputException naming {@code filterExpression} when it is null or cannot be
     *         translated (see {@link AgentDbFilterTranslator#translate})
     */
    @Override
    protected void doDelete(Filter.Expression filterExpression) {
        if (filterExpression == null) {
            throw new InvalidInputException("filterExpression", "must not be null");
        }
        collection.deleteWhere(AgentDbFilterTranslator.translate(filterExpression));
    }

    /**
     * Embeds the query and returns the nearest documents. Spring AI's
     * {@link #similaritySearch(org.springframework.ai.vectorstore.SearchRequest)} calls it inside an observation.
     *
     * @param request the query text, {@code topK} (0 to {@link Limits#MAX_K}), {@code similarityThreshold}
     *                (in [0, 1], see the class comment) and an optional filter expression; not null
     * @return up to {@code topK} documents of score at least the threshold, nearest first; empty for
     *         {@code topK} 0
     * @throws InvalidInputException naming {@code topK} above {@link Limits#MAX_K}, or naming
     *         {@code filterExpression} (or the AgentDB limit) for a filter that cannot be translated
     * @throws dev.agentdb.DimensionMismatchException when the model's dimension is not the collection's
     */
    @Override
    public List<Document> doSimilaritySearch(org.springframework.ai.vectorstore.SearchRequest request) {
        if (request.getTopK() > Limits.MAX_K) {
            throw new InvalidInputException("topK", "must be at most " + Limits.MAX_K + ", was " + request.getTopK());
        }
        dev.agentdb.filter.Filter filter = AgentDbFilterTranslator.translate(request.getFilterExpression());
        if (request.getTopK() == 0) {
            return List.of();
        }
        Metric metric = collection.spec().metric();
        List<SearchResult> hits = collection.search(SearchRequest.builder(this.embeddingModel.embed(request.getQuery()))
                .k(request.getTopK())
                .threshold(SimilarityScores.threshold(request.getSimilarityThreshold()))
                .filter(filter)
                .build());
        List<Document> documents = new ArrayList<>(hits.size());
        for (SearchResult hit : hits) {
            documents.add(toDocument(hit, SimilarityScores.similarity(metric, hit.score())));
        }
        return documents;
    }

    private static Document toDocument(SearchResult hit, double score) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (hit.metadata() != null) {
            hit.metadata().forEach((k, v) -> {
                if (v != null) {
                    metadata.put(k, v);
                }
            });
        }
        metadata.put(DocumentMetadata.DISTANCE.value(), hit.distance());
        return Document.builder()
                .id(hit.id())
                .text(hit.text() == null ? "" : hit.text())
                .metadata(metadata)
                .score(score)
                .build();
    }

    /**
     * Describes this store to Spring AI's observations.
     *
     * @param operationName {@code add}, {@code delete} or {@code query}
     * @return a context builder with the system {@value #DB_SYSTEM}, the collection, its dimension and metric
     */
    @Override
    public VectorStoreObservationContext.Builder createObservationContextBuilder(String operationName) {
        CollectionSpec spec = collection.spec();
        return VectorStoreObservationContext.builder(DB_SYSTEM, operationName)
                .collectionName(collection.name())
                .dimensions(spec.dimension())
                .similarityMetric(similarityMetric(spec.metric()));
    }

    private static String similarityMetric(Metric metric) {
        switch (metric) {
            case COSINE:
                return VectorStoreSimilarityMetric.COSINE.value();
            case L2:
                return VectorStoreSimilarityMetric.EUCLIDEAN.value();
            case INNER_PRODUCT:
                return VectorStoreSimilarityMetric.DOT.value();
            default:
                return metric.name();
        }
    }

    /**
     * The native client: the {@link AgentDB} this store uses.
     *
     * @param <T> {@link AgentDB}
     * @return the database, always present
     */
    @Override
    public <T> Optional<T> getNativeClient() {
        @SuppressWarnings("unchecked")
        T client = (T) db;
        return Optional.of(client);
    }

    /**
     * Builds an {@link AgentDbVectorStore} over a collection of an open {@link AgentDB}, in the style of
     * Spring AI's {@code PgVectorStore.builder(...)}: {@link #initializeSchema(boolean)} creates the
     * collection when missing (off by default, as in Spring AI), else it must exist.
     */
    public static final class Builder extends AbstractVectorStoreBuilder<Builder> {
        private final AgentDB agentDb;
        private String collection = DEFAULT_COLLECTION_NAME;
        private Integer dimension;
        private Metric metric;
        private CollectionSpec spec;
        private boolean initializeSchema;

        private Builder(AgentDB agentDb, EmbeddingModel embeddingModel) {
            super(embeddingModel);
            if (agentDb == null) {
                throw new InvalidInputException("agentDb", "must not be null");
            }
            this.agentDb = agentDb;
        }

        /**
         * Sets the collection.
         *
         * @param value a collection name matching {@link Limits#COLLECTION_NAME}; default
         *              {@value AgentDbVectorStore#DEFAULT_COLLECTION_NAME}
         * @return this builder
         */
        public Builder collection(String value) {
            this.collection = value;
            return this;
        }

        /**
         * Sets the dimension of the collection: the one it is created with, and the one an existing
         * collection must have.
         *
         * @param value 1 to {@link Limits#MAX_DIMENSION}; default: the embedding model's
         *              {@code dimensions()} (which may call the model once)
         * @return this builder
         */
        public Builder dimension(int value) {
            this.dimension = value;
            return this;
        }

        /**
         * Sets the metric of the collection: the one it is created with, and the one an existing
         * collection must have.
         *
         * @param value the metric; default {@link Metric#COSINE} when creating, any when opening
         * @return this builder
         */
        public Builder metric(Metric value) {
            this.metric = value;
            return this;
        }

        /**
         * Sets the whole spec (dimension, metric, HNSW or IVFFlat parameters) the collection is created
         * with; takes precedence over {@link #dimension(int)} and {@link #metric(Metric)}.
         *
         * @param value the spec
         * @return this builder
         */
        public Builder collectionSpec(CollectionSpec value) {
            this.spec = value;
            return this;
        }

        /**
         * Whether {@link #build()} creates the collection when it is missing.
         *
         * @param value true to create it; default false: it must exist (created by
         *              {@code agentdb.collections.<name>.*}, another application or an earlier run)
         * @return this builder
         */
        public Builder initializeSchema(boolean value) {
            this.initializeSchema = value;
            return this;
        }

        /**
         * Opens (or, with {@link #initializeSchema(boolean)}, creates) the collection.
         *
         * @return the store
         * @throws InvalidInputException naming {@code collection} for an illegal name, naming
         *         {@code dimension} for one out of range
         * @throws NotFoundException when the collection does not exist and {@code initializeSchema} is off
         * @throws ConflictException when the collection exists with another dimension, metric or spec
         * @throws dev.agentdb.ReadOnlyException when it would be created on a read-only database
         */
        @Override
        public AgentDbVectorStore build() {
            return new AgentDbVectorStore(this, openCollection());
        }

        private VectorCollection openCollection() {
            if (initializeSchema) {
                return agentDb.createCollection(collection, spec != null ? spec
                        : CollectionSpec.of(dimension != null ? dimension : getEmbeddingModel().dimensions(),
                                metric == null ? Metric.COSINE : metric));
            }
            VectorCollection c;
            try {
                c = agentDb.collection(collection);
            } catch (NotFoundException e) {
                throw new NotFoundException("collection '" + collection + "' does not exist; create it with initializeSchema(true)"
                        + " (spring.ai.vectorstore.agentdb.initialize-schema=true) or agentdb.collections." + collection + ".dimension");
            }
            CollectionSpec existing = c.spec();
            CollectionSpec wanted = spec;
            if (wanted != null ? !wanted.equals(existing)
                    : (dimension != null && dimension != existing.dimension()) || (metric != null && metric != existing.metric())) {
                throw new ConflictException("collection '" + collection + "' exists with " + existing + ", not "
                        + (wanted != null ? wanted : "dimension " + dimension + ", metric " + metric));
            }
            return c;
        }
    }
}
