package dev.agentdb.mongodb.internal;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.AgentDBException;
import dev.agentdb.BackendUnavailableException;
import dev.agentdb.CollectionSpec;
import dev.agentdb.mongodb.MongoDeployment;
import dev.agentdb.mongodb.SearchIndexTimeoutException;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The vector search indexes ({@value MongoVectorSearch#INDEX_NAME}) of the collections on
 * {@code $vectorSearch}: listed with {@code $listSearchIndexes}, created ({@code createSearchIndexes}) or
 * updated ({@code updateSearchIndex}) with the configured filter fields, waited for until queryable
 * (bounded: {@link SearchIndexTimeoutException}), and cached per collection once queryable. Also logs,
 * once per collection, why its searches scan exactly. Thread-safe. Not API.
 */
public final class MongoSearchIndexes {
    private static final Logger LOG = LoggerFactory.getLogger(MongoSearchIndexes.class);
    /** How often the wait asks whether the index is queryable, at most, in ms. */
    private static final long POLL_MS = 500;

    private final MongoDatabase db;
    private final MongoErrors errors;
    private final MongoUrl url;
    private final AgentDBConfig config;
    private final long readyTimeoutMs;
    /** Per collection: its index as last seen queryable. */
    private final Map<String, MongoVectorSearch.IndexInfo> queryable = new ConcurrentHashMap<>();
    /** Collections whose fallback to exact scans was logged (once each). */
    private final Set<String> fallbackLogged = ConcurrentHashMap.newKeySet();

    /**
     * @param db the database
     * @param errors translates driver errors
     * @param url the adapter's URL, for messages
     * @param config the adapter's configuration (the filter fields: {@link MongoVectorSearch#filterFields})
     * @param readyTimeoutMs how long {@link #ensure} waits for an index to become queryable, in ms
     */
    public MongoSearchIndexes(MongoDatabase db, MongoErrors errors, MongoUrl url, AgentDBConfig config, long readyTimeoutMs) {
        this.db = db;
        this.errors = errors;
        this.url = url;
        this.config = config;
        this.readyTimeoutMs = readyTimeoutMs;
    }

    /**
     * @param collection a collection
     * @return its index as {@code $listSearchIndexes} describes it, or null when it has none
     * @throws AgentDBException when the deployment refuses to list (it runs no search)
     */
    public MongoVectorSearch.IndexInfo list(String collection) {
        return errors.run("list the search indexes of '" + collection + "'", () -> {
            Document d = db.getCollection(collection).listSearchIndexes().name(MongoVectorSearch.INDEX_NAME).first();
            return d == null ? null : MongoVectorSearch.indexInfo(d);
        });
    }

    /**
     * The collection's index when searches may use it, else null (they scan exactly). On a deployment
     * without {@code $vectorSearch} (a collection created where it ran, restored elsewhere): null, asked
     * nothing. A writable adapter creates the index when it is missing, or updates it when it lacks
     * configured filter fields ({@link #ensure}, waiting; a timeout is logged and answers null); a
     * read-only one uses it as it is.
     *
     * @param collection a collection on {@code $vectorSearch}
     * @param spec its spec
     * @param deployment what the deployment answered on open
     * @param readOnly whether the adapter is read-only (then nothing is created or changed)
     * @return the queryable index, or null
     */
    public MongoVectorSearch.IndexInfo queryable(String collection, CollectionSpec spec, MongoDeployment deployment, boolean readOnly) {
        MongoVectorSearch.IndexInfo cached = queryable.get(collection);
        if (cached != null) {
            return cached;
        }
        if (!deployment.vectorSearch()) {
            fallback(collection, "this deployment does not run $vectorSearch (" + deployment.vectorSearchDetail()
                    + "); reindex the collection to move it to the in-house index");
            return null;
        }
        MongoVectorSearch.IndexInfo info = list(collection);
        boolean complete = info != null && info.matches(spec)
                && info.filterPaths().containsAll(MongoVectorSearch.filterFields(config, collection));
        if (!complete && !readOnly) {
            try {
                return ensure(collection, spec);
            } catch (SearchIndexTimeoutException e) {
                LOG.warn("mongodb: {}", e.getMessage());
                return null;
            }
        }
        if (info == null || !info.queryable() || !info.matches(spec)) {
            return null;
        }
        if (fallbackLogged.remove(collection)) {
            LOG.info("mongodb: the vector search index of '{}' is queryable; searches use $vectorSearch", collection);
        }
        queryable.put(collection, info);
        return info;
    }

    /**
     * Creates the collection's index ({@code createSearchIndexes}, {@link MongoVectorSearch#indexModel}: the
     * metric's similarity, the configured filter fields) or updates it ({@code updateSearchIndex}) when its
     * vector field differs from the spec or it lacks configured filter fields (keeping those it has), then
     * waits until it is queryable with that definition.
     *
     * @param collection a collection on {@code $vectorSearch} (its MongoDB collection exists)
     * @param spec its spec (dimension 1 or more)
     * @return the queryable index
     * @throws SearchIndexTimeoutException when it is not queryable within the ready timeout
     * @throws AgentDBException when the deployment refuses it or reports it {@code FAILED}
     */
    public MongoVectorSearch.IndexInfo ensure(String collection, CollectionSpec spec) {
        List<String> wanted = MongoVectorSearch.filterFields(config, collection);
        MongoVectorSearch.IndexInfo info = list(collection);
        MongoCollection<Document> docs = db.getCollection(collection);
        if (info == null) {
            try {
                docs.createSearchIndexes(List.of(MongoVectorSearch.indexModel(MongoVectorSearch.INDEX_NAME, spec, wanted)));
                LOG.info("mongodb: created the vector search index {} of '{}' (filter fields {})", MongoVectorSearch.INDEX_NAME,
                        collection, wanted);
            } catch (MongoCommandException e) {
                if (list(collection) == null) { // not created meanwhile by another client
                    throw errors.translate(e, "create the vector search index of '" + collection + "'");
                }
            } catch (MongoException e) {
                throw errors.translate(e, "create the vector search index of '" + collection + "'");
            }
        } else if (!info.matches(spec) || !info.filterPaths().containsAll(wanted)) {
            Set<String> paths = new LinkedHashSet<>(info.matches(spec) ? info.filterPaths() : Set.of());
            paths.addAll(wanted);
            errors.run("update the vector search index of '" + collection + "'", () -> {
                docs.updateSearchIndex(MongoVectorSearch.INDEX_NAME, MongoVectorSearch.indexDefinition(spec, new ArrayList<>(paths)));
                return null;
            });
            LOG.info("mongodb: updated the vector search index {} of '{}' (filter fields {})", MongoVectorSearch.INDEX_NAME, collection,
                    paths);
        }
        queryable.remove(collection);
        MongoVectorSearch.IndexInfo ready = awaitQueryable(collection);
        queryable.put(collection, ready);
        return ready;
    }

    /** Polls {@code $listSearchIndexes} until the index is queryable with its latest definition ({@code READY}). */
    private MongoVectorSearch.IndexInfo awaitQueryable(String collection) {
        long started = System.currentTimeMillis();
        String last = "absent";
        while (true) {
            MongoVectorSearch.IndexInfo info = list(collection);
            if (info != null) {
                last = info.status();
                if (info.failed()) {
                    throw new AgentDBException("the vector search index '" + MongoVectorSearch.INDEX_NAME + "' of collection '" + collection
                            + "' failed to build on MongoDB at " + url.redacted() + " (status FAILED); see the deployment's search logs");
                }
                if (info.queryable() && "READY".equals(info.status())) {
                    return info;
                }
            }
            long waited = System.currentTimeMillis() - started;
            if (waited >= readyTimeoutMs) {
                throw new SearchIndexTimeoutException(collection, MongoVectorSearch.INDEX_NAME, waited, last);
            }
            try {
                Thread.sleep(Math.min(POLL_MS, Math.max(1, readyTimeoutMs - waited)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendUnavailableException("interrupted while waiting for the vector search index of '" + collection + "'", e);
            }
        }
    }

    /**
     * Forgets what is cached of a collection's index (dropped, moved in-house, or refusing queries).
     *
     * @param collection a collection
     */
    public void forget(String collection) {
        queryable.remove(collection);
    }

    /**
     * Logs, once per collection until its index is queryable again, why its searches scan exactly.
     *
     * @param collection a collection on {@code $vectorSearch}
     * @param why the reason, e.g. {@code "its vector search index is not queryable"}
     */
    public void fallback(String collection, String why) {
        if (fallbackLogged.add(collection)) {
            LOG.warn("mongodb: searches of '{}' scan its documents exactly (correct, slower) while {}", collection, why);
        }
    }
}
