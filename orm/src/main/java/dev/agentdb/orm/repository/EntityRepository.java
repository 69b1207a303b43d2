package dev.agentdb.orm.repository;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionSpec;
import dev.agentdb.ConflictException;
import dev.agentdb.DimensionMismatchException;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Limits;
import dev.agentdb.NotFoundException;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;
import dev.agentdb.orm.mapping.EntityMapping;
import dev.agentdb.orm.query.EntityQuery;
import dev.agentdb.spi.Capability;
import jakarta.data.Order;
import jakarta.data.page.Page;
import jakarta.data.page.PageRequest;
import jakarta.data.repository.CrudRepository;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A repository of one entity type over its collection, in Jakarta Data's {@link CrudRepository}
 * vocabulary, plus {@link #query()}, {@link #count()} and {@link #deleteAll()}. Thread-safe; valid
 * until its {@link AgentDB} is closed. Obtain it with {@code Repositories.of(db, User.class)}.
 *
 * <p>Where Jakarta Data names its own exceptions, this repository throws the AgentDB API's:
 * {@link ConflictException} for an insert of an existing id (Jakarta's {@code EntityExistsException}),
 * {@link NotFoundException} for an update of a missing one ({@code OptimisticLockingFailureException}).
 * Batch methods are atomic (all or none). Ids are stored as strings, so numeric ids order as strings.
 *
 * @param <T> the entity type
 * @param <K> the id type (String, UUID, Long or Integer)
 */
public final class EntityRepository<T, K> implements CrudRepository<T, K> {
    private final AgentDB db;
    private final EntityMapping<T> mapping;
    private final VectorCollection collection;

    private EntityRepository(AgentDB db, EntityMapping<T> mapping, VectorCollection collection) {
        this.db = db;
        this.mapping = mapping;
        this.collection = collection;
    }

    /**
     * Maps an entity class and binds it to its collection, creating the collection from the
     * entity's {@code @Embedding} when it does not exist.
     *
     * @param db an open database; not null
     * @param type the entity class
     * @param <T> the entity type
     * @param <K> the id type
     * @return the repository
     * @throws InvalidInputException naming the class or {@code Class.field} for a mapping error (see
     *         {@link EntityMapping#of(Class)})
     * @throws DimensionMismatchException naming {@code Class.field} of the embedding when the collection
     *         exists with another dimension
     * @throws ConflictException naming {@code Class.field} of the embedding when it exists with another metric
     * @throws NotFoundException when it does not exist and the database is read-only
     */
    public static <T, K> EntityRepository<T, K> create(AgentDB db, Class<T> type) {
        return create(db, type, true);
    }

    /**
     * As {@link #create(AgentDB, Class)}, choosing whether a missing collection is created.
     *
     * @param db an open database; not null
     * @param type the entity class
     * @param autoCreate true to create the entity's collection from its annotations when missing; false
     *                   to require it (created beforehand, e.g. by a migration or {@code agentdb.collections})
     * @param <T> the entity type
     * @param <K> the id type
     * @return the repository
     * @throws NotFoundException when the collection is missing and {@code autoCreate} is false (nothing is
     *         created), or the database is read-only
     * @throws InvalidInputException as {@link #create(AgentDB, Class)}
     */
    public static <T, K> EntityRepository<T, K> create(AgentDB db, Class<T> type, boolean autoCreate) {
        if (db == null) {
            throw new InvalidInputException("db", "must not be null");
        }
        EntityMapping<T> mapping = EntityMapping.of(type);
        return new EntityRepository<>(db, mapping, bind(db, mapping, autoCreate));
    }

    private static VectorCollection bind(AgentDB db, EntityMapping<?> mapping, boolean autoCreate) {
        String name = mapping.collection();
        CollectionSpec wanted = mapping.spec();
        if (!db.hasCollection(name)) {
            if (!autoCreate) {
                throw new NotFoundException("collection '" + name + "' of entity " + mapping.type().getName()
                        + " does not exist, and autoCreate is off: create it first (or turn autoCreate on)");
            }
            if (db.readOnly()) {
                throw new NotFoundException("collection '" + name + "' of entity " + mapping.type().getName()
                        + " does not exist, and a read-only database cannot create it");
            }
            return db.createCollection(name, wanted);
        }
        VectorCollection existing = db.collection(name);
        CollectionSpec spec = existing.spec();
        String field = mapping.field(mapping.embedding());
        if (spec.hasDimension() && spec.dimension() != wanted.dimension()) {
            throw new DimensionMismatchException(field, name, spec.dimension(), wanted.dimension());
        }
        if (spec.metric() != wanted.metric()) {
            throw new ConflictException(field + ": @Embedding metric " + wanted.metric() + " differs from collection '" + name
                    + "' metric " + spec.metric());
        }
        return existing;
    }

    /** @return the entity's mapping */
    public EntityMapping<T> mapping() {
        return mapping;
    }

    /** @return the entity's collection */
    public VectorCollection collection() {
        return collection;
    }

    /** @return a new query over the entities: where, orderBy, limit, offset, find, stream, similarTo, ... */
    public EntityQuery<T> query() {
        return new EntityQuery<>(collection, mapping);
    }

    /**
     * Inserts or replaces an entity by id (upsert). A null String/UUID id is generated, a null
     * {@code @Timestamp} set to now.
     *
     * @param entity the entity; not null
     * @param <S> the entity type
     * @return the entity as stored: the same instance when nothing was generated, else a copy with the id and timestamp
     * @throws InvalidInputException naming the property for a value outside {@link Limits} (dimension,
     *         NaN, metadata size, ...), or the id property for a null numeric id
     */
    @Override
    public <S extends T> S save(S entity) {
        return write(List.of(entity), collection::upsertBatch).get(0);
    }

    /**
     * Inserts or replaces entities by id, atomically.
     *
     * @param entities the entities, ids distinct; not null
     * @param <S> the entity type
     * @return the entities as stored, in order
     * @throws InvalidInputException as for {@link #save}, naming {@code records[i]} for the i-th
     */
    @Override
    public <S extends T> List<S> saveAll(List<S> entities) {
        return write(entities, collection::upsertBatch);
    }

    /**
     * Inserts an entity whose id is new.
     *
     * @param entity the entity; not null
     * @param <S> the entity type
     * @return the entity as stored (see {@link #save})
     * @throws ConflictException when an entity with its id exists
     * @throws InvalidInputException as for {@link #save}
     */
    @Override
    public <S extends T> S insert(S entity) {
        return write(List.of(entity), collection::insertBatch).get(0);
    }

    /**
     * Inserts entities whose ids are new, atomically.
     *
     * @param entities the entities; not null
     * @param <S> the entity type
     * @return the entities as stored, in order
     * @throws ConflictException when one id exists (nothing is written)
     */
    @Override
    public <S extends T> List<S> insertAll(List<S> entities) {
        return write(entities, collection::insertBatch);
    }

    /**
     * Replaces an existing entity.
     *
     * @param entity the entity, with its id; not null
     * @param <S> the entity type
     * @return the entity as stored
     * @throws NotFoundException when no entity has its id (nothing is written)
     * @throws InvalidInputException when its id is null
     */
    @Override
    public <S extends T> S update(S entity) {
        return updateAll(List.of(entity)).get(0);
    }

    /**
     * Replaces existing entities, all or none (in one transaction where the backend has them).
     *
     * @param entities the entities, with ids; not null
     * @param <S> the entity type
     * @return the entities as stored, in order
     * @throws NotFoundException naming the first id that does not exist (nothing is written)
     */
    @Override
    public <S extends T> List<S> updateAll(List<S> entities) {
        return atomically(() -> write(entities, records -> {
            for (int i = 0; i < records.size(); i++) {
                String id = records.get(i).id();
                if (collection.get(id).isEmpty()) {
                    throw new NotFoundException(mapping.type().getSimpleName() + " '" + id + "' (entities[" + i
                            + "]) does not exist; update replaces existing entities only (use save to upsert)");
                }
            }
            return collection.upsertBatch(records);
        }));
    }

    /**
     * @param id the id; not null
     * @return the entity, or empty
     * @throws InvalidInputException naming {@code id} when null
     */
    @Override
    public Optional<T> findById(K id) {
        return collection.get(mapping.idString("id", id)).map(mapping::toEntity);
    }

    /** @return every entity, in id order, read lazily page by page (constant memory) */
    @Override
    public Stream<T> findAll() {
        return query().stream();
    }

    /**
     * One page of every entity in an order (Jakarta Data's offset pagination).
     *
     * @param pageRequest page number (from 1) and size (1 to {@link Limits#MAX_FIND_LIMIT}); offset mode only
     * @param sortBy the order (then by id); null or empty for id order
     * @return the page; {@code totalElements} when {@code pageRequest.requestTotal()}
     * @throws InvalidInputException naming {@code pageRequest} for cursor mode, a size above
     *         {@link Limits#MAX_FIND_LIMIT} or an offset beyond {@link Limits#MAX_FIND_OFFSET}, or
     *         {@code orderBy} for an unknown property
     */
    @Override
    public Page<T> findAll(PageRequest pageRequest, Order<T> sortBy) {
        EntityQuery<T> q = query();
        if (sortBy != null) {
            q.orderBy(sortBy);
        }
        return q.page(pageRequest);
    }

    /**
     * Deletes the entity with an id; nothing happens when there is none.
     *
     * @param id the id; not null
     * @throws InvalidInputException naming {@code id} when null
     */
    @Override
    public void deleteById(K id) {
        collection.delete(mapping.idString("id", id));
    }

    /**
     * Deletes an entity by its id; nothing happens when it is not stored.
     *
     * @param entity the entity, with its id; not null
     * @throws InvalidInputException naming the id property when it is null
     */
    @Override
    public void delete(T entity) {
        String id = mapping.idOf(entity);
        if (id == null) {
            throw new InvalidInputException(mapping.field(mapping.id()), "must not be null to delete an entity");
        }
        collection.delete(id);
    }

    /**
     * Deletes entities by their ids (in one transaction where the backend has them).
     *
     * @param entities the entities; not null
     * @throws InvalidInputException naming the id property when one is null (nothing is deleted)
     */
    @Override
    public void deleteAll(List<? extends T> entities) {
        if (entities == null) {
            throw new InvalidInputException("entities", "must not be null");
        }
        List<String> ids = new ArrayList<>();
        for (T e : entities) {
            String id = mapping.idOf(e);
            if (id == null) {
                throw new InvalidInputException(mapping.field(mapping.id()), "must not be null to delete an entity");
            }
            ids.add(id);
        }
        atomically(() -> {
            ids.forEach(collection::delete);
            return null;
        });
    }

    /**
     * Deletes every entity of the collection.
     *
     * @return how many were deleted
     */
    public long deleteAll() {
        return collection.deleteWhere(Filter.and());
    }

    /** @return the number of entities */
    public long count() {
        return collection.count();
    }

    /** Maps, completes (generated ids, timestamps) and writes entities; returns them as stored. */
    @SuppressWarnings("unchecked")
    private <S extends T> List<S> write(List<S> entities, Function<List<VectorRecord>, List<String>> op) {
        if (entities == null) {
            throw new InvalidInputException("entities", "must not be null");
        }
        if (entities.isEmpty()) {
            return List.of();
        }
        List<VectorRecord> records = new ArrayList<>(entities.size());
        List<S> stored = new ArrayList<>(entities.size());
        for (S e : entities) {
            VectorRecord r = mapping.toRecord(e);
            VectorRecord complete = mapping.complete(r);
            records.add(complete);
            stored.add(complete == r ? e : (S) mapping.toEntity(complete));
        }
        op.apply(records);
        return stored;
    }

    /** Runs work in one transaction where the backend has them (else as it comes: documented per method). */
    private <R> R atomically(Supplier<R> work) {
        if (db.capabilities().contains(Capability.TRANSACTIONS)) {
            return db.inTransaction(work);
        }
        return work.get();
    }

    @Override
    public String toString() {
        return "EntityRepository[" + mapping.type().getName() + " -> " + collection.name() + "]";
    }
}
