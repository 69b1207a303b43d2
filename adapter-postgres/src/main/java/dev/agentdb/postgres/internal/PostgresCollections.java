package dev.agentdb.postgres.internal;

import dev.agentdb.CollectionInfo;
import dev.agentdb.CollectionSpec;
import dev.agentdb.ConflictException;
import dev.agentdb.NotFoundException;
import dev.agentdb.sql.CollectionRegistry;
import dev.agentdb.sql.SqlDialect;
import dev.agentdb.sql.jdbc.JdbcExecutor;
import dev.agentdb.sql.jdbc.JdbcSession;

import java.util.List;
import java.util.Optional;

/**
 * The life cycle of PostgreSQL collections: the shared registry ({@link CollectionRegistry}, table
 * {@code agentdb_collections} of the AgentDB schema, with IVFFlat columns) kept in step with each
 * collection's table and indexes ({@link PostgresDdl}). Every change takes the collection's advisory
 * lock and runs in one transaction (a savepoint of the caller's). Thread-safe. Not API.
 */
public final class PostgresCollections {
    private final JdbcSession session;
    private final PostgresDdl ddl;
    private final CollectionRegistry registry;

    /**
     * @param session the adapter's session
     * @param ddl the schema's tables and indexes
     * @param schema the AgentDB schema (holds the registry)
     */
    public PostgresCollections(JdbcSession session, PostgresDdl ddl, String schema) {
        this.session = session;
        this.ddl = ddl;
        this.registry = new CollectionRegistry(SqlDialect.POSTGRES, schema, CollectionRegistry.Layout.WITH_IVFFLAT);
    }

    /**
     * Creates the table, its indexes and the registry row; does nothing when the collection exists
     * with the same spec.
     *
     * @param name a validated collection name
     * @param spec its spec
     * @throws ConflictException when it exists with another spec
     * @throws dev.agentdb.InvalidInputException naming {@code dimension} when pgvector cannot index it
     */
    public void create(String name, CollectionSpec spec) {
        PostgresDdl.checkIndexable(name, spec.dimension(), spec.index());
        session.write(null, c -> {
            ddl.lock(c, name);
            JdbcExecutor sql = JdbcExecutor.on(c);
            Optional<CollectionSpec> existing = registry.find(sql, name);
            if (existing.isPresent()) {
                if (!existing.get().equals(spec)) {
                    throw new ConflictException("collection '" + name + "' already exists with dimension "
                            + existing.get().dimension() + ", metric " + existing.get().metric() + ", index "
                            + existing.get().index() + "; requested " + spec);
                }
                return null;
            }
            ddl.createTable(c, name, spec);
            registry.insert(sql, name, spec, System.currentTimeMillis());
            return null;
        });
    }

    /**
     * In one transaction (a savepoint of the caller's): takes the collection's lock, records the new
     * parameters in the registry, drops its vector index and builds the new one over the rows (none
     * for FLAT) with the bulk-load {@code maintenance_work_mem}. DROP INDEX holds an exclusive lock on
     * the table until the transaction ends, so readers wait for the build; on failure everything,
     * the old index included, rolls back.
     *
     * @param collection a validated collection name
     * @param newSpec its spec with the new index parameters
     * @throws NotFoundException when it is not registered
     * @throws dev.agentdb.InvalidInputException naming {@code dimension} when pgvector cannot index it
     */
    public void reindex(String collection, CollectionSpec newSpec) {
        PostgresDdl.checkIndexable(collection, newSpec.dimension(), newSpec.index());
        session.write(collection, c -> {
            ddl.lock(c, collection);
            if (!registry.updateIndex(JdbcExecutor.on(c), collection, newSpec.index())) {
                throw missing(collection);
            }
            ddl.dropVectorIndexes(c, collection);
            if (newSpec.dimension() > 0) {
                ddl.buildVectorIndex(c, collection, newSpec);
            }
            return null;
        });
    }

    /**
     * Removes the registry row and drops the table.
     *
     * @param name a validated collection name
     * @return whether either existed
     */
    public boolean drop(String name) {
        return session.write(null, c -> {
            ddl.lock(c, name);
            boolean registered = registry.delete(JdbcExecutor.on(c), name);
            return ddl.dropTable(c, name) | registered;
        });
    }

    /**
     * @param name a validated collection name
     * @return its registered spec, or empty
     */
    public Optional<CollectionSpec> spec(String name) {
        return session.read(null, c -> registry.find(JdbcExecutor.on(c), name));
    }

    /** @return every registered collection, by name in code point order */
    public List<CollectionInfo> list() {
        return session.read(null, c -> registry.list(JdbcExecutor.on(c)));
    }

    /**
     * Fixes the dimension of a collection created without one (the default collection before its
     * first insert): types the column, creates the vector index and updates the registry.
     *
     * @param name a validated collection name
     * @param cached its spec as the caller knows it (for the indexability check)
     * @param dimension the dimension to fix
     * @throws NotFoundException when it is not registered
     * @throws ConflictException when it already has another dimension
     */
    public void setDimension(String name, CollectionSpec cached, int dimension) {
        PostgresDdl.checkIndexable(name, dimension, cached.index());
        session.write(null, c -> {
            ddl.lock(c, name);
            JdbcExecutor sql = JdbcExecutor.on(c);
            CollectionSpec stored = registry.find(sql, name).orElseThrow(() -> missing(name));
            if (stored.dimension() == dimension) {
                return null;
            }
            if (stored.dimension() != 0) {
                throw new ConflictException("collection '" + name + "' already has dimension " + stored.dimension()
                        + "; cannot fix it to " + dimension);
            }
            ddl.fixDimension(c, name, stored.withDimension(dimension));
            registry.setDimension(sql, name, dimension);
            return null;
        });
    }

    /**
     * @param name a collection name
     * @return the exception for a collection that does not exist, with how to create it
     */
    public static NotFoundException missing(String name) {
        return new NotFoundException("collection '" + name + "' does not exist; create it with createCollection(name, spec)");
    }
}
