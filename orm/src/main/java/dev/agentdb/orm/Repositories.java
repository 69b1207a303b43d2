package dev.agentdb.orm;

import dev.agentdb.AgentDB;
import dev.agentdb.orm.repository.EntityRepository;
import dev.agentdb.orm.repository.RepositoryProxy;

/**
 * The entry point of the ORM: repositories of typed entities over an {@link AgentDB}.
 *
 * <pre>{@code
 * EntityRepository<User, String> users = Repositories.of(db, User.class);
 * List<User> admins = users.query().where("role", Op.EQ, "admin").orderBy("timestamp", Direction.DESC).limit(10).find();
 * }</pre>
 *
 * <p>A static entry rather than {@code db.repository(...)}: {@code AgentDB} lives in the {@code api}
 * module, which must not depend on this one, and the ORM needs nothing from the SPI.
 *
 * <h2>How an entity is stored</h2>
 * An entity ({@code @jakarta.persistence.Entity}, a record or a class with a no-argument constructor)
 * is one record of the collection {@code @Table(name)} (else {@code @Entity(name)}, else the simple
 * class name): the {@code @Id} property is the record id (String, UUID, Long or Integer, stored as a
 * string), the {@link Embedding} {@code float[]} its embedding, an optional {@link Text} String its text,
 * an optional {@link Timestamp} (Instant or epoch-ms long) its timestamp; every other property is a
 * metadata key (its Java name, or {@code @Column(name)}), {@code @Transient} and {@code transient}
 * fields are not stored. Metadata values are written by Jackson: strings, numbers and booleans as
 * themselves, enums as their names, UUIDs as strings, {@link java.time.Instant} as a number of epoch
 * milliseconds (sub-millisecond parts are dropped; compares and sorts as a number), {@link java.time.LocalDate}
 * as {@code yyyy-MM-dd} (sorts in date order), nested records and classes as objects, List/Set as
 * arrays, {@code Map<String, ?>} as objects; nulls as JSON null. Other types are refused when the
 * repository is created.
 */
public final class Repositories {
    private Repositories() {
    }

    /**
     * A repository of an entity class, its collection created from the entity's annotations when missing.
     *
     * @param db an open database
     * @param entityClass the entity class
     * @param <T> the entity type
     * @param <K> the id type, as declared by the {@code @Id} property
     * @return the repository
     * @throws dev.agentdb.InvalidInputException naming the class or {@code Class.field} for a mapping error
     *         (not an entity, no or two {@code @Id}/{@code @Embedding}, unsupported type, ...)
     * @throws dev.agentdb.DimensionMismatchException when the collection exists with another dimension
     * @throws dev.agentdb.ConflictException when it exists with another metric
     * @throws dev.agentdb.NotFoundException when it does not exist and the database is read-only
     */
    public static <T, K> EntityRepository<T, K> of(AgentDB db, Class<T> entityClass) {
        return EntityRepository.create(db, entityClass);
    }

    /**
     * Implements a Jakarta Data repository interface at run time (a JDK dynamic proxy, no annotation
     * processor):
     *
     * <pre>{@code
     * @Repository
     * interface Notes extends CrudRepository<Note, String> {
     *     @Find List<Note> byTopic(@By("topic") String topic, Limit limit, Order<Note> order);
     *     @Find List<Hit<Note>> similar(@SimilarTo(k = 5) float[] embedding, @By("topic") String topic);
     * }
     * Notes notes = Repositories.implement(db, Notes.class);
     * }</pre>
     *
     * Inherited methods behave as {@link EntityRepository}'s; {@code @Find} methods take {@code @By}
     * parameters (equality on a property, {@code By.ID} or the id property for the id), {@code Limit},
     * {@code Order}, {@code Sort}, {@code PageRequest} and one {@link SimilarTo} {@code float[]}, honour
     * {@code @OrderBy}, and return {@code T} (Jakarta's {@code EmptyResultException} when none matches),
     * {@code Optional<T>} ({@code NonUniqueResultException} for both when more than one matches),
     * {@code List<T>}, {@code Stream<T>} (lazy), {@code Page<T>} or {@code List<Hit<T>>}; default methods run
     * as written.
     *
     * @param db an open database
     * @param repositoryInterface the interface, annotated {@code @jakarta.data.repository.Repository},
     *                            extending {@code BasicRepository<T, K>} or {@code CrudRepository<T, K>}
     * @param <R> the interface
     * @return its implementation, thread-safe
     * @throws dev.agentdb.InvalidInputException naming {@code Interface.method} for a method it cannot
     *         implement (unknown property, unsupported parameter or return type), or as {@link #of} for the entity
     */
    public static <R> R implement(AgentDB db, Class<R> repositoryInterface) {
        return RepositoryProxy.implement(db, repositoryInterface);
    }

    /**
     * As {@link #of(AgentDB, Class)}, with autoCreate off or on.
     *
     * @param db an open database
     * @param entityClass the entity class
     * @param autoCreate true to create the collection from the entity's annotations when missing (what
     *                   {@link #of(AgentDB, Class)} does); false to require it to exist
     * @param <T> the entity type
     * @param <K> the id type
     * @return the repository
     * @throws dev.agentdb.NotFoundException when the collection is missing and {@code autoCreate} is false
     *         (nothing is created)
     * @throws dev.agentdb.InvalidInputException as {@link #of(AgentDB, Class)}
     */
    public static <T, K> EntityRepository<T, K> of(AgentDB db, Class<T> entityClass, boolean autoCreate) {
        return EntityRepository.create(db, entityClass, autoCreate);
    }

    /**
     * As {@link #implement(AgentDB, Class)}, with autoCreate off or on (see {@link #of(AgentDB, Class, boolean)}).
     *
     * @param db an open database
     * @param repositoryInterface the interface
     * @param autoCreate whether the entity's missing collection is created
     * @param <R> the interface
     * @return its implementation
     * @throws dev.agentdb.NotFoundException when the collection is missing and {@code autoCreate} is false
     * @throws dev.agentdb.InvalidInputException as {@link #implement(AgentDB, Class)}
     */
    public static <R> R implement(AgentDB db, Class<R> repositoryInterface, boolean autoCreate) {
        return RepositoryProxy.implement(db, repositoryInterface, autoCreate);
    }
}
