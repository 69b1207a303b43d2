package dev.agentdb.mongodb.internal;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.agentdb.AgentDBException;
import dev.agentdb.CollectionInfo;
import dev.agentdb.CollectionSpec;
import dev.agentdb.IndexParams;
import dev.agentdb.Metric;
import dev.agentdb.migrations.ScriptedVersioning;
import dev.agentdb.migrations.SchemaScripts;
import dev.agentdb.spi.StateStore;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The registry collection {@code agentdb_collections}: one document per collection,
 * {@code {_id: name, dimension, metric: "cosine", index: {type: "HNSW", m, ef_construction, ef_search,
 * lists, probes}, created_at: NumberLong(ms), index_implementation: "agentdb-hnsw" | "mongodb-vector-search"}}
 * ({@code index_implementation} absent in documents written before it existed: the in-house index), and the schema version document
 * {@code {_id: "agentdb_schema", version: n, applied: [{version, description, script, checksum,
 * success, installed_on}]}} ({@link ScriptedVersioning.History}; its id starts with a reserved
 * prefix, so no collection has it). Also the state stores: one collection per {@link StateStore},
 * named by {@link StateStore#table()}, documents {@code {_id: key, value}}. Not API.
 */
public final class MongoRegistry implements ScriptedVersioning.History {
    /** The registry collection. */
    public static final String COLLECTIONS = "agentdb_collections";
    /** The id of the schema version document. */
    public static final String SCHEMA = "agentdb_schema";
    /** The field of a collection's document that names what serves its ANN searches. */
    public static final String INDEX_IMPLEMENTATION = "index_implementation";

    private final MongoDatabase db;
    private final MongoCollection<Document> registry;
    private final MongoErrors errors;
    private final Supplier<ClientSession> session;

    /**
     * @param db the database
     * @param errors translates driver errors
     * @param session the calling thread's transaction session, or null outside a transaction: every
     *                read and write joins it ({@link MongoOps})
     */
    public MongoRegistry(MongoDatabase db, MongoErrors errors, Supplier<ClientSession> session) {
        this.db = db;
        this.registry = db.getCollection(COLLECTIONS);
        this.errors = errors;
        this.session = session;
    }

    /**
     * @param name a collection name
     * @return its spec, or empty when it is not registered
     */
    public Optional<CollectionSpec> find(String name) {
        return errors.run("read the spec of '" + name + "'", () -> Optional.ofNullable(MongoOps.find(registry, session.get(),
                Filters.eq("_id", name)).first()).map(MongoRegistry::spec));
    }

    /** @return every registered collection */
    public List<CollectionInfo> list() {
        return errors.run("list collections", () -> {
            List<CollectionInfo> out = new ArrayList<>();
            for (Document d : MongoOps.find(registry, session.get(), Filters.ne("_id", SCHEMA))) {
                out.add(new CollectionInfo(d.getString("_id"), spec(d)));
            }
            return out;
        });
    }

    /**
     * Registers a collection unless it is registered already.
     *
     * @param name the name
     * @param spec its spec
     * @return the spec registered before, or empty when this call registered it
     */
    public Optional<CollectionSpec> insertIfAbsent(String name, CollectionSpec spec) {
        return insertIfAbsent(name, spec, null);
    }

    /**
     * Registers a collection unless it is registered already, recording what serves its searches.
     *
     * @param name the name
     * @param spec its spec
     * @param implementation {@value #INDEX_IMPLEMENTATION}: what serves its ANN searches
     *                       ({@code agentdb-hnsw} or {@code mongodb-vector-search}), or null to record none
     *                       (read as the in-house index)
     * @return the spec registered before, or empty when this call registered it
     */
    public Optional<CollectionSpec> insertIfAbsent(String name, CollectionSpec spec, String implementation) {
        Document d = new Document("_id", name).append("dimension", spec.dimension()).append("metric", spec.metric().wireName())
                .append("index", index(spec.index())).append("created_at", System.currentTimeMillis());
        if (implementation != null) {
            d.append(INDEX_IMPLEMENTATION, implementation);
        }
        return errors.run("register collection '" + name + "'", () -> {
            Document before = MongoOps.findOneAndUpdate(registry, session.get(), Filters.eq("_id", name), new Document("$setOnInsert", d),
                    new com.mongodb.client.model.FindOneAndUpdateOptions().upsert(true));
            return Optional.ofNullable(before).map(MongoRegistry::spec);
        });
    }

    /**
     * @param name a collection name
     * @return what its registry document says serves its ANN searches ({@value #INDEX_IMPLEMENTATION}),
     *         empty when it is not registered or records none (collections registered before stage 2:
     *         the in-house index)
     */
    public Optional<String> implementation(String name) {
        return errors.run("read the index implementation of '" + name + "'", () -> Optional.ofNullable(MongoOps
                .find(registry, session.get(), Filters.eq("_id", name)).projection(new Document(INDEX_IMPLEMENTATION, 1)).first())
                .map(d -> d.getString(INDEX_IMPLEMENTATION)));
    }

    /**
     * @param name a registered collection
     * @param implementation what serves its ANN searches from now on ({@value #INDEX_IMPLEMENTATION})
     */
    public void setImplementation(String name, String implementation) {
        errors.run("record the index implementation of '" + name + "'", () -> MongoOps.updateOne(registry, session.get(),
                Filters.eq("_id", name), Updates.set(INDEX_IMPLEMENTATION, implementation), new UpdateOptions()));
    }

    /**
     * @param name a collection
     * @return whether it was registered
     */
    public boolean delete(String name) {
        return errors.run("unregister collection '" + name + "'", () -> MongoOps.deleteOne(registry, session.get(), Filters.eq("_id", name)).getDeletedCount() > 0);
    }

    /**
     * @param name a collection
     * @param index its new index parameters
     * @return whether it is registered
     */
    public boolean updateIndex(String name, IndexParams index) {
        return errors.run("record the index of '" + name + "'", () ->
                MongoOps.updateOne(registry, session.get(), Filters.eq("_id", name), Updates.set("index", index(index)), new UpdateOptions())
                        .getMatchedCount() > 0);
    }

    /**
     * @param name a collection registered with dimension 0
     * @param dimension its dimension
     */
    public void setDimension(String name, int dimension) {
        errors.run("record the dimension of '" + name + "'", () ->
                MongoOps.updateOne(registry, session.get(), Filters.and(Filters.eq("_id", name), Filters.eq("dimension", 0)),
                        Updates.set("dimension", dimension), new UpdateOptions()));
    }

    private static Document index(IndexParams p) {
        return new Document("type", p.type().name()).append("m", p.m()).append("ef_construction", p.efConstruction())
                .append("ef_search", p.efSearch()).append("lists", p.lists()).append("probes", p.probes());
    }

    private static CollectionSpec spec(Document d) {
        try {
            Document i = d.get("index", Document.class);
            IndexParams index = new IndexParams(IndexParams.IndexType.valueOf(i.getString("type")), i.getInteger("m"),
                    i.getInteger("ef_construction"), i.getInteger("ef_search"), i.getInteger("lists"), i.getInteger("probes"));
            return new CollectionSpec(d.getInteger("dimension"), Metric.fromString(d.getString("metric")), index);
        } catch (RuntimeException e) {
            throw new AgentDBException("the registry entry of collection '" + d.get("_id") + "' in " + COLLECTIONS + " is not readable: "
                    + d.toJson(), e);
        }
    }

    // ------------------------------------------------------------------ schema history

    @Override
    public List<ScriptedVersioning.Applied> applied() {
        return errors.run("read the schema version", () -> {
            List<ScriptedVersioning.Applied> out = new ArrayList<>();
            Document d = registry.find(Filters.eq("_id", SCHEMA)).first();
            if (d != null) {
                for (Document a : d.getList("applied", Document.class, List.of())) {
                    if (!Boolean.FALSE.equals(a.getBoolean("success"))) {
                        out.add(new ScriptedVersioning.Applied(a.getInteger("version"), a.getInteger("checksum")));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void record(SchemaScripts.Script script) {
        Document applied = new Document("version", script.version()).append("description", script.description())
                .append("script", script.name()).append("checksum", script.checksum()).append("success", true)
                .append("installed_on", new Date());
        errors.run("record schema script " + script.name(), () -> registry.updateOne(Filters.eq("_id", SCHEMA),
                Updates.combine(Updates.push("applied", applied), Updates.max("version", script.version())),
                new com.mongodb.client.model.UpdateOptions().upsert(true)));
    }

    // ------------------------------------------------------------------ state stores

    /**
     * @param store a state store
     * @param key a valid key
     * @return its value, or empty
     */
    public Optional<String> readState(StateStore store, String key) {
        return errors.run("read state '" + key + "'", () -> Optional.ofNullable(MongoOps.find(db.getCollection(store.table()),
                session.get(), Filters.eq("_id", key)).first()).map(d -> d.getString("value")));
    }

    /**
     * @param store a state store
     * @param key a valid key
     * @param value its new value
     */
    public void writeState(StateStore store, String key, String value) {
        errors.run("write state '" + key + "'", () -> MongoOps.replaceOne(db.getCollection(store.table()), session.get(),
                Filters.eq("_id", key), new Document("_id", key).append("value", value), new ReplaceOptions().upsert(true)));
    }

    /**
     * @param store a state store
     * @param key a valid key
     * @return whether it existed
     */
    public boolean deleteState(StateStore store, String key) {
        return errors.run("delete state '" + key + "'", () -> MongoOps.deleteOne(db.getCollection(store.table()), session.get(),
                Filters.eq("_id", key)).getDeletedCount() > 0);
    }
}
