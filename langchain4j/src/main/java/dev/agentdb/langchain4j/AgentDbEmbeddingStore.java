package dev.agentdb.langchain4j;

import dev.agentdb.AgentDB;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.CollectionSpec;
import dev.agentdb.ConflictException;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Limits;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.spi.Capability;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingSearchResult;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.filter.Filter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import static dev.langchain4j.internal.ValidationUtils.ensureNotBlank;
import static dev.langchain4j.internal.ValidationUtils.ensureNotEmpty;
import static dev.langchain4j.internal.ValidationUtils.ensureNotNull;
import static dev.langchain4j.internal.ValidationUtils.ensureTrue;

/**
 * A LangChain4j {@link EmbeddingStore} of {@link TextSegment}s over one AgentDB collection, on any
 * AgentDB URL (SQLite file, PostgreSQL + pgvector, MySQL/MariaDB, ...). Thread-safe, like the
 * {@link AgentDB} it wraps.
 *
 * <pre>{@code
 * EmbeddingStore<TextSegment> store = AgentDbEmbeddingStore.builder()
 *         .url("sqlite:./agent.db")
 *         .collection("docs")
 *         .dimension(384)
 *         .build();
 * store.add(embedding, TextSegment.from("text", Metadata.from("user", "klaus")));
 * List<EmbeddingMatch<TextSegment>> hits = store.search(EmbeddingSearchRequest.builder()
 *         .queryEmbedding(query).maxResults(5).minScore(0.7)
 *         .filter(metadataKey("user").isEqualTo("klaus")).build()).matches();
 * }</pre>
 *
 * <p>Mapping: an embedding is an AgentDB record; the segment's text is the record's {@code text} and
 * its {@code Metadata} the record's metadata (types: see below). A record without text (added without
 * a segment) comes back with {@code embedded() == null}. Adds are upserts: adding under an existing id
 * replaces that record. Every batch (addAll, removeAll by ids) is atomic.
 *
 * <p>Scores: {@code EmbeddingMatch.score()} is LangChain4j's relevance in [0, 1], and {@code minScore}
 * applies to it: {@code (cosine + 1) / 2} for a cosine collection (LangChain4j's
 * {@code RelevanceScore.fromCosineSimilarity}, as its in-memory store returns), the same for inner
 * product (unit-length embeddings), AgentDB's {@code 1 / (1 + distance)} for L2.
 *
 * <p>Metadata: String, UUID, Integer, Long, Float and Double values are stored as JSON and read back
 * exactly by {@code Metadata}'s typed getters (a UUID is stored as its string, a Float at its decimal
 * value, an integral number returns as Integer when it fits, else Long). Entries of a record written by
 * another AgentDB client that LangChain4j metadata cannot hold (booleans, nulls, arrays, objects) are
 * left out of the segment. Filters: {@link AgentDbFilterTranslator}.
 *
 * <p>Errors: LangChain4j's argument checks throw {@link IllegalArgumentException} with LangChain4j's
 * messages ({@code "id cannot be null or blank"}, {@code "ids cannot be null or empty"},
 * {@code "filter cannot be null"}); what AgentDB refuses throws its typed exceptions
 * ({@link InvalidInputException} naming the field and limit, {@link dev.agentdb.DimensionMismatchException},
 * {@link dev.agentdb.ReadOnlyException}, {@link dev.agentdb.BackendUnavailableException}).
 */
public final class AgentDbEmbeddingStore implements EmbeddingStore<TextSegment>, AutoCloseable {

    private final AgentDB db;
    private final boolean ownsDb;
    private final VectorCollection collection;

    private AgentDbEmbeddingStore(AgentDB db, boolean ownsDb, VectorCollection collection) {
        this.db = db;
        this.ownsDb = ownsDb;
        this.collection = collection;
    }

    /** @return a builder; give it {@link Builder#url(String)} or {@link Builder#agentDb(AgentDB)} */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the AgentDB collection this store reads and writes */
    public VectorCollection collection() {
        return collection;
    }

    /**
     * Adds an embedding under a generated id (a random UUID), without a segment.
     *
     * @param embedding the embedding, of the collection's dimension; not null
     * @return the generated id
     * @throws IllegalArgumentException when {@code embedding} is null
     * @throws dev.agentdb.DimensionMismatchException when its dimension differs from the collection's
     * @throws InvalidInputException for NaN or infinite components
     */
    @Override
    public String add(Embedding embedding) {
        String id = newId();
        add(id, embedding);
        return id;
    }

    /**
     * Adds (or replaces) an embedding under an id, without a segment.
     *
     * @param id the record id, 1 to {@link Limits#MAX_ID_LENGTH} characters, not blank
     * @param embedding the embedding; not null
     * @throws IllegalArgumentException when {@code id} is null or blank, or {@code embedding} null
     * @throws dev.agentdb.DimensionMismatchException when its dimension differs from the collection's
     * @throws InvalidInputException for an id beyond {@link Limits#MAX_ID_LENGTH}, NaN or infinite components
     */
    @Override
    public void add(String id, Embedding embedding) {
        addAll(List.of(ensureNotBlank(id, "id")), List.of(ensureNotNull(embedding, "embedding")), null);
    }

    /**
     * Adds an embedding with the segment it was computed from, under a generated id.
     *
     * @param embedding the embedding; not null
     * @param textSegment the segment (text and metadata), or null for none
     * @return the generated id (a random UUID)
     * @throws IllegalArgumentException when {@code embedding} is null
     * @throws dev.agentdb.DimensionMismatchException when its dimension differs from the collection's
     * @throws InvalidInputException for NaN or infinite components, text or metadata beyond
     *         {@link Limits#MAX_TEXT_BYTES} / {@link Limits#MAX_METADATA_BYTES}
     */
    @Override
    public String add(Embedding embedding, TextSegment textSegment) {
        String id = newId();
        addAll(List.of(id), List.of(ensureNotNull(embedding, "embedding")), textSegment == null ? null : List.of(textSegment));
        return id;
    }

    /**
     * Adds embeddings without segments under generated ids, atomically.
     *
     * @param embeddings the embeddings, none null; an empty list adds nothing
     * @return the generated ids, in order
     * @throws IllegalArgumentException when the list or an element is null
     * @throws dev.agentdb.DimensionMismatchException when a dimension differs from the collection's
     * @throws InvalidInputException naming {@code records[i]} for the first invalid embedding
     */
    @Override
    public List<String> addAll(List<Embedding> embeddings) {
        ensureNotNull(embeddings, "embeddings");
        List<String> ids = generateIds(embeddings.size());
        addAll(ids, embeddings, null);
        return ids;
    }

    /**
     * Adds (or replaces) embeddings with their segments, atomically: all or none.
     *
     * @param ids the record ids, none blank, as many as {@code embeddings}
     * @param embeddings the embeddings, none null; an empty list adds nothing
     * @param embedded the segments, as many as {@code embeddings} (an element may be null for none), or
     *                 null for no segments
     * @throws IllegalArgumentException when a list or an id is null or blank, an embedding is null, or
     *         the sizes differ
     * @throws dev.agentdb.DimensionMismatchException when a dimension differs from the collection's
     * @throws InvalidInputException naming {@code records[i]} for the first invalid record
     */
    @Override
    public void addAll(List<String> ids, List<Embedding> embeddings, List<TextSegment> embedded) {
        ensureNotNull(ids, "ids");
        ensureNotNull(embeddings, "embeddings");
        ensureTrue(ids.size() == embeddings.size(), "ids size (" + ids.size() + ") must equal embeddings size (" + embeddings.size() + ")");
        ensureTrue(embedded == null || embedded.size() == embeddings.size(),
                "embedded size (" + (embedded == null ? 0 : embedded.size()) + ") must equal embeddings size (" + embeddings.size() + ")");
        if (ids.isEmpty()) {
            return;
        }
        List<VectorRecord> records = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            TextSegment segment = embedded == null ? null : embedded.get(i);
            // copied: the index may keep the array, and the caller's Embedding stays theirs to change
            float[] vector = ensureNotNull(embeddings.get(i), "embeddings[" + i + "]").vector().clone();
            records.add(new VectorRecord(ensureNotBlank(ids.get(i), "ids[" + i + "]"), vector,
                    segment == null ? null : MetadataMapping.toAgentDb(segment.metadata()),
                    segment == null ? null : segment.text(), null));
        }
        collection.upsertBatch(records);
    }

    /**
     * Removes the records with these ids, atomically where the backend has transactions; ids that do
     * not exist are ignored.
     *
     * @param ids the ids; not null or empty
     * @throws IllegalArgumentException ({@code "ids cannot be null or empty"}) when {@code ids} is null
     *         or empty, or when an id is null or blank
     */
    @Override
    public void removeAll(Collection<String> ids) {
        ensureNotEmpty(ids, "ids");
        List<String> checked = new ArrayList<>(ids.size());
        for (String id : ids) {
            checked.add(ensureNotBlank(id, "id"));
        }
        Runnable delete = () -> checked.forEach(collection::delete);
        if (db.capabilities().contains(Capability.TRANSACTIONS)) {
            db.useTransaction(delete);
        } else {
            delete.run();
        }
    }

    /**
     * Removes the records whose metadata match a filter.
     *
     * @param filter the LangChain4j filter; not null (see {@link AgentDbFilterTranslator})
     * @throws IllegalArgumentException ({@code "filter cannot be null"}) when {@code filter} is null
     * @throws UnsupportedOperationException for a filter AgentDB cannot express ({@code containsString})
     * @throws InvalidInputException for a key or value AgentDB filters cannot hold
     */
    @Override
    public void removeAll(Filter filter) {
        ensureNotNull(filter, "filter");
        collection.deleteWhere(AgentDbFilterTranslator.translate(filter));
    }

    /** Removes every record of the collection (the collection and its spec stay). */
    @Override
    public void removeAll() {
        collection.deleteWhere(dev.agentdb.filter.Filter.and());
    }

    /**
     * Finds the records nearest the query embedding, best first, with their embeddings.
     *
     * @param request the query embedding (of the collection's dimension), {@code maxResults} (1 to
     *                {@link Limits#MAX_K}), {@code minScore} (relevance in [0, 1], see the class
     *                comment) and an optional filter; not null
     * @return up to {@code maxResults} matches of relevance at least {@code minScore}, ordered by
     *         relevance descending; empty for a default collection that has no dimension yet
     * @throws IllegalArgumentException when {@code request} is null
     * @throws InvalidInputException naming {@code maxResults} above {@link Limits#MAX_K}, or for a filter
     *         key or value AgentDB filters cannot hold
     * @throws UnsupportedOperationException for a filter AgentDB cannot express ({@code containsString})
     * @throws dev.agentdb.DimensionMismatchException when the query's dimension differs from the collection's
     */
    @Override
    public EmbeddingSearchResult<TextSegment> search(EmbeddingSearchRequest request) {
        ensureNotNull(request, "request");
        if (request.maxResults() > Limits.MAX_K) {
            throw new InvalidInputException("maxResults", "must be at most " + Limits.MAX_K + ", was " + request.maxResults());
        }
        Metric metric = collection.spec().metric();
        List<SearchResult> hits = collection.search(SearchRequest.builder(request.queryEmbedding().vector())
                .k(request.maxResults())
                .threshold(RelevanceScores.threshold(metric, request.minScore()))
                .filter(AgentDbFilterTranslator.translate(request.filter()))
                .includeVectors(true)
                .build());
        List<EmbeddingMatch<TextSegment>> matches = new ArrayList<>(hits.size());
        for (SearchResult hit : hits) {
            double relevance = RelevanceScores.relevance(metric, hit.score());
            if (relevance >= request.minScore()) {
                TextSegment segment = hit.text() == null ? null
                        : TextSegment.from(hit.text(), MetadataMapping.fromAgentDb(hit.metadata()));
                matches.add(new EmbeddingMatch<>(relevance, hit.id(), Embedding.from(hit.embedding()), segment));
            }
        }
        return new EmbeddingSearchResult<>(matches);
    }

    /** Closes the {@link AgentDB} when this store opened it ({@link Builder#url(String)}); otherwise nothing. */
    @Override
    public void close() {
        if (ownsDb) {
            db.close();
        }
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    /**
     * Builds an {@link AgentDbEmbeddingStore}. Give the database by {@link #url(String)} (the store opens
     * and closes it) or {@link #agentDb(AgentDB)} (the caller keeps it); the collection is opened, or
     * created when a {@link #dimension(int)} or {@link #collectionSpec(CollectionSpec)} is given.
     */
    public static final class Builder {
        private String url;
        private AgentDBConfig config;
        private AgentDB agentDb;
        private String collection = AgentDB.DEFAULT_COLLECTION;
        private Integer dimension;
        private Metric metric;
        private CollectionSpec spec;

        private Builder() {
        }

        /**
         * Opens the database of a URL with default options; the store closes it.
         *
         * @param value an AgentDB URL, e.g. {@code sqlite:./agent.db}, {@code postgresql://...}, {@code mariadb://...}
         * @return this builder
         */
        public Builder url(String value) {
            this.url = value;
            return this;
        }

        /**
         * Opens the database of a configuration (pool size, timeouts, read-only, ...); the store closes it.
         *
         * @param value the configuration
         * @return this builder
         */
        public Builder config(AgentDBConfig value) {
            this.config = value;
            return this;
        }

        /**
         * Uses an open database; the caller closes it (closing the store does not).
         *
         * @param value the database
         * @return this builder
         */
        public Builder agentDb(AgentDB value) {
            this.agentDb = value;
            return this;
        }

        /**
         * Sets the collection.
         *
         * @param value a collection name matching {@link Limits#COLLECTION_NAME}; default
         *              {@value AgentDB#DEFAULT_COLLECTION} (which exists always, its dimension fixed by its
         *              first insert)
         * @return this builder
         */
        public Builder collection(String value) {
            this.collection = value;
            return this;
        }

        /**
         * Sets the dimension: the collection is created with it when missing (an existing one must have
         * it). Required for a collection other than the default one that does not exist yet.
         *
         * @param value 1 to {@link Limits#MAX_DIMENSION}, e.g. 384 for all-MiniLM-L6-v2
         * @return this builder
         */
        public Builder dimension(int value) {
            this.dimension = value;
            return this;
        }

        /**
         * Sets the metric of a collection this builder creates (an existing one must have it).
         *
         * @param value the metric; default {@link Metric#COSINE}
         * @return this builder
         */
        public Builder metric(Metric value) {
            this.metric = value;
            return this;
        }

        /**
         * Sets the whole spec (dimension, metric, HNSW or IVFFlat parameters) of the collection, which
         * is created with it when missing; takes precedence over {@link #dimension(int)} and {@link #metric(Metric)}.
         *
         * @param value the spec
         * @return this builder
         */
        public Builder collectionSpec(CollectionSpec value) {
            this.spec = value;
            return this;
        }

        /**
         * Opens the database (for a URL or config) and the collection.
         *
         * @return the store
         * @throws InvalidInputException naming {@code url} when none or more than one of url, config and
         *         agentDb is given; naming {@code dimension} when the collection does not exist and no
         *         dimension is given (or it is out of range); naming {@code collection} for an illegal name
         * @throws ConflictException when the collection exists with another dimension, metric or spec
         * @throws dev.agentdb.BackendUnavailableException when the database cannot be opened
         */
        public AgentDbEmbeddingStore build() {
            int sources = (url != null ? 1 : 0) + (config != null ? 1 : 0) + (agentDb != null ? 1 : 0);
            if (sources != 1) {
                throw new InvalidInputException("url", "give exactly one of url, config and agentDb (got " + sources + ")");
            }
            AgentDB db = agentDb != null ? agentDb : AgentDB.open(config != null ? config : AgentDBConfig.of(url));
            try {
                return new AgentDbEmbeddingStore(db, agentDb == null, openCollection(db));
            } catch (RuntimeException e) {
                if (agentDb == null) {
                    db.close();
                }
                throw e;
            }
        }

        private VectorCollection openCollection(AgentDB db) {
            if (spec != null) {
                return db.createCollection(collection, spec);
            }
            if (dimension != null) {
                return db.createCollection(collection, CollectionSpec.of(dimension, metric == null ? Metric.COSINE : metric));
            }
            if (!AgentDB.DEFAULT_COLLECTION.equals(collection) && !db.hasCollection(collection)) {
                throw new InvalidInputException("dimension", "collection '" + collection + "' does not exist; give a dimension"
                        + " (1 to " + Limits.MAX_DIMENSION + ") to create it");
            }
            VectorCollection c = db.collection(collection);
            if (metric != null && c.spec().metric() != metric) {
                throw new ConflictException("collection '" + collection + "' has metric " + c.spec().metric() + ", not " + metric);
            }
            return c;
        }
    }
}
