package dev.agentdb.orm.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.agentdb.AgentDBException;
import dev.agentdb.CollectionSpec;
import dev.agentdb.IndexParams;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Limits;
import dev.agentdb.Sort;
import dev.agentdb.VectorRecord;
import dev.agentdb.internal.Json;
import dev.agentdb.internal.Validation;
import dev.agentdb.orm.Embedding;
import dev.agentdb.orm.Text;
import dev.agentdb.orm.Timestamp;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * How one entity class maps to the records of one collection: which property is the id, the
 * embedding, the text and the timestamp, which are metadata keys, and the collection's name and
 * spec. Built once per class ({@link #of(Class)}, cached) and immutable; every check of the class
 * happens there, so a mapping error surfaces when a repository is created.
 *
 * <p>Conversion goes through Jackson (see the encoding on {@code dev.agentdb.orm.Repositories}):
 * the entity is written to a JSON tree, the id, embedding, text and timestamp are taken out of it,
 * and what remains is the metadata; reading puts them back and lets Jackson build the entity
 * (records through their canonical constructor, classes through a no-argument constructor and their
 * fields).
 *
 * @param <T> the entity type
 */
public final class EntityMapping<T> {
    private static final Set<Class<?>> ID_TYPES = Set.of(String.class, UUID.class, Long.class, long.class, Integer.class, int.class);
    private static final Set<Class<?>> TIMESTAMP_TYPES = Set.of(Instant.class, Long.class, long.class);
    private static final ClassValue<EntityMapping<?>> CACHE = new ClassValue<>() {
        @Override
        protected EntityMapping<?> computeValue(Class<?> type) {
            return new EntityMapping<>(type);
        }
    };

    private final Class<T> type;
    private final String collection;
    private final CollectionSpec spec;
    private final Map<String, Property> properties = new LinkedHashMap<>();
    private Property id;
    private Property embedding;
    private Property text;
    private Property timestamp;

    /**
     * The mapping of an entity class, built and checked on first use and cached.
     *
     * @param type the entity class: annotated {@code @jakarta.persistence.Entity}, a record or a
     *             concrete class with a no-argument constructor
     * @param <T> the entity type
     * @return its mapping, never null
     * @throws InvalidInputException naming the class or {@code Class.field} when the class is not an
     *         entity, has no or two {@code @Id}/{@code @Embedding} properties, an id, embedding, text or
     *         timestamp of the wrong type, an unsupported metadata type, a metadata key outside
     *         {@link Limits#PATH_SEGMENT}, an illegal collection name or {@code @Embedding} parameters
     *         out of range
     */
    @SuppressWarnings("unchecked")
    public static <T> EntityMapping<T> of(Class<T> type) {
        if (type == null) {
            throw new InvalidInputException("entityClass", "must not be null");
        }
        return (EntityMapping<T>) CACHE.get(type);
    }

    private EntityMapping(Class<T> type) {
        this.type = type;
        String entity = type.getSimpleName();
        if (!type.isAnnotationPresent(Entity.class)) {
            throw new InvalidInputException(entity, "is not an entity: annotate " + type.getName() + " with @jakarta.persistence.Entity");
        }
        if (type.isInterface() || (Modifier.isAbstract(type.getModifiers()) && !type.isRecord())) {
            throw new InvalidInputException(entity, "an entity must be a record or a concrete class, was " + type.getName());
        }
        JavaType javaType = EntityMappers.MAPPER.constructType(type);
        Set<Class<?>> seen = new HashSet<>(Set.of(type));
        for (BeanPropertyDefinition p : Properties.of(javaType)) {
            Property.Role role = role(p);
            Property property = new Property(p.getInternalName(), p.getName(), role, p.getPrimaryType());
            properties.put(property.name(), property);
            switch (role) {
                case ID -> id = single(id, property, "@Id");
                case EMBEDDING -> embedding = single(embedding, property, "@Embedding");
                case TEXT -> text = single(text, property, "@Text");
                case TIMESTAMP -> timestamp = single(timestamp, property, "@Timestamp");
                default -> {
                    if (!Limits.PATH_SEGMENT.matcher(property.key()).matches()) {
                        throw new InvalidInputException(field(property), "metadata key '" + property.key()
                                + "' must match " + Limits.PATH_SEGMENT.pattern() + " (rename it with @Column(name))");
                    }
                    SupportedTypes.check(property.type(), field(property), type, seen);
                }
            }
        }
        if (id == null) {
            throw new InvalidInputException(entity, "entity " + type.getName() + " has no @Id property; known properties: "
                    + properties.keySet());
        }
        if (embedding == null) {
            throw new InvalidInputException(entity, "entity " + type.getName() + " has no @Embedding float[] property");
        }
        checkType(id, ID_TYPES, "String, UUID, Long or Integer");
        checkType(embedding, Set.of(float[].class), "float[]");
        if (text != null) {
            checkType(text, Set.of(String.class), "String");
        }
        if (timestamp != null) {
            checkType(timestamp, TIMESTAMP_TYPES, "Instant or long (epoch milliseconds)");
        }
        this.collection = collectionName(type);
        this.spec = spec(embeddingAnnotation(javaType));
    }

    private Property.Role role(BeanPropertyDefinition p) {
        List<String> roles = new ArrayList<>();
        Property.Role role = Property.Role.METADATA;
        if (Properties.annotation(p, Id.class) != null) {
            roles.add("@Id");
            role = Property.Role.ID;
        }
        if (Properties.annotation(p, Embedding.class) != null) {
            roles.add("@Embedding");
            role = Property.Role.EMBEDDING;
        }
        if (Properties.annotation(p, Text.class) != null) {
            roles.add("@Text");
            role = Property.Role.TEXT;
        }
        if (Properties.annotation(p, Timestamp.class) != null) {
            roles.add("@Timestamp");
            role = Property.Role.TIMESTAMP;
        }
        if (roles.size() > 1) {
            throw new InvalidInputException(type.getSimpleName() + "." + p.getInternalName(), "has " + String.join(" and ", roles)
                    + "; a property has at most one of them");
        }
        return role;
    }

    private Property single(Property existing, Property next, String annotation) {
        if (existing != null) {
            throw new InvalidInputException(field(next), "entity " + type.getName() + " has two " + annotation + " properties, "
                    + existing.name() + " and " + next.name() + "; it may have one");
        }
        return next;
    }

    private void checkType(Property p, Set<Class<?>> allowed, String expected) {
        if (!allowed.contains(p.type().getRawClass())) {
            throw new InvalidInputException(field(p), p.role() + " property must be " + expected + ", was "
                    + p.type().toCanonical() + " (entity " + type.getName() + ")");
        }
    }

    private String collectionName(Class<?> entityType) {
        Table table = entityType.getAnnotation(Table.class);
        String entityName = entityType.getAnnotation(Entity.class).name();
        String name = table != null && !table.name().isEmpty() ? table.name() : entityName.isEmpty() ? entityType.getSimpleName() : entityName;
        try {
            return Validation.collectionName(name);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(entityType.getSimpleName(), "collection name '" + name + "' (from @Table, @Entity or the class name): "
                    + e.getMessage(), e);
        }
    }

    private Embedding embeddingAnnotation(JavaType javaType) {
        for (BeanPropertyDefinition p : Properties.of(javaType)) {
            if (p.getInternalName().equals(embedding.name())) {
                return Properties.annotation(p, Embedding.class);
            }
        }
        throw new IllegalStateException("embedding property vanished: " + embedding.name());
    }

    private CollectionSpec spec(Embedding e) {
        try {
            if (e.dimension() < 1) {
                throw new InvalidInputException("dimension", "must be between 1 and " + Limits.MAX_DIMENSION + ", was " + e.dimension());
            }
            return new CollectionSpec(e.dimension(), e.metric(),
                    new IndexParams(e.index(), e.m(), e.efConstruction(), e.efSearch(), e.lists(), e.probes()));
        } catch (InvalidInputException ex) {
            throw new InvalidInputException(field(embedding), "@Embedding " + ex.getMessage(), ex);
        }
    }

    /** @return the entity class */
    public Class<T> type() {
        return type;
    }

    /** @return the collection the entity is stored in: {@code @Table(name)}, else {@code @Entity(name)}, else the simple class name */
    public String collection() {
        return collection;
    }

    /** @return the collection's spec from {@link Embedding}: dimension, metric, index parameters */
    public CollectionSpec spec() {
        return spec;
    }

    /** @return every property by Java name, in declaration order; unmodifiable */
    public Map<String, Property> properties() {
        return java.util.Collections.unmodifiableMap(properties);
    }

    /** @return the {@code @Id} property */
    public Property id() {
        return id;
    }

    /** @return the {@code @Embedding} property */
    public Property embedding() {
        return embedding;
    }

    /** @return the {@code @Text} property, or null when the entity has none */
    public Property text() {
        return text;
    }

    /** @return the {@code @Timestamp} property, or null when the entity has none */
    public Property timestamp() {
        return timestamp;
    }

    /**
     * @param property a property of this entity
     * @return {@code Entity.property}, the name errors give
     */
    public String field(Property property) {
        return type.getSimpleName() + "." + property.name();
    }

    /**
     * Writes an entity as a record. A null id or timestamp stays null (see {@link #complete}).
     *
     * @param entity the entity; not null, of exactly this mapping's class
     * @return the record: id as a string, embedding, metadata of every other property, text, timestamp
     * @throws InvalidInputException naming {@code entity} when it is null or of another class, or
     *         naming the property Jackson could not write
     */
    public VectorRecord toRecord(T entity) {
        if (entity == null) {
            throw new InvalidInputException("entity", "must not be null");
        }
        if (entity.getClass() != type) {
            throw new InvalidInputException("entity", "must be a " + type.getName() + ", was a " + entity.getClass().getName());
        }
        ObjectNode node;
        try {
            node = EntityMappers.MAPPER.valueToTree(entity);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(type.getSimpleName(), "cannot be written: " + e.getMessage(), e);
        }
        String idValue = textOf(node.remove(id.key()));
        JsonNode vector = node.remove(embedding.key());
        float[] values = vector == null || vector.isNull() ? null : EntityMappers.MAPPER.convertValue(vector, float[].class);
        String textValue = text == null ? null : textOf(node.remove(text.key()));
        Long time = null;
        if (timestamp != null) {
            JsonNode t = node.remove(timestamp.key());
            time = t == null || t.isNull() ? null : t.longValue();
        }
        return new VectorRecord(idValue, values, Json.toMap(node), textValue, time);
    }

    /**
     * Fills what an entity left null and the backend would otherwise choose: a random UUID id
     * (String and UUID ids) and, when the entity has a {@code @Timestamp}, the current time.
     *
     * @param record a record from {@link #toRecord}
     * @return the record with an id (and a timestamp when mapped), possibly the same instance
     * @throws InvalidInputException naming the id property when it is numeric and null (numeric ids
     *         are never generated)
     */
    public VectorRecord complete(VectorRecord record) {
        VectorRecord out = record;
        if (out.id() == null) {
            Class<?> idType = id.type().getRawClass();
            if (idType != String.class && idType != UUID.class) {
                throw new InvalidInputException(field(id), "must not be null: only String and UUID ids are generated");
            }
            out = out.withId(UUID.randomUUID().toString());
        }
        if (timestamp != null && out.timestamp() == null) {
            out = out.withTimestamp(System.currentTimeMillis());
        }
        return out;
    }

    /**
     * Reads a record as an entity. Metadata keys the entity does not know are ignored; properties
     * the metadata lacks take Jackson's defaults (null, 0, false).
     *
     * @param record a record of the collection; not null
     * @return the entity
     * @throws AgentDBException naming the record and the class when the stored values do not fit the
     *         entity's types (a record another program wrote)
     */
    public T toEntity(VectorRecord record) {
        ObjectNode node = EntityMappers.MAPPER.valueToTree(record.metadata());
        node.put(id.key(), record.id());
        if (record.embedding() != null) {
            node.set(embedding.key(), EntityMappers.MAPPER.valueToTree(record.embedding()));
        }
        if (text != null) {
            node.put(text.key(), record.text());
        }
        if (timestamp != null && record.timestamp() != null) {
            node.put(timestamp.key(), record.timestamp());
        }
        try {
            return EntityMappers.MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new AgentDBException("record '" + record.id() + "' of collection '" + collection + "' does not map to "
                    + type.getName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The id of an entity, as stored.
     *
     * @param entity the entity
     * @return its id as a string, or null when it has none
     */
    public String idOf(T entity) {
        return toRecord(entity).id();
    }

    /**
     * An id value as stored.
     *
     * @param field the argument named in the error
     * @param value an id of the {@code @Id} property's type
     * @return its string form
     * @throws InvalidInputException naming {@code field} when it is null
     */
    public String idString(String field, Object value) {
        if (value == null) {
            throw new InvalidInputException(field, "must not be null");
        }
        return value.toString();
    }

    /**
     * Resolves a dotted path of Java property names (or stored keys) against the entity: the first
     * segment names a property (or {@code id}/{@code timestamp} when no property has that name),
     * further segments walk nested records and classes, and anything under a map is taken as written.
     *
     * @param field the argument named in errors, e.g. {@code where} or {@code orderBy}
     * @param path the path, e.g. {@code address.city}
     * @return the property the path starts with and the stored path
     * @throws InvalidInputException naming the entity, the path and the known properties when a
     *         segment names no property
     */
    public PropertyPath resolve(String field, String path) {
        if (path == null || path.isEmpty()) {
            throw new InvalidInputException(field, "must name a property of " + type.getSimpleName() + "; known properties: "
                    + properties.keySet());
        }
        String[] segments = path.split("\\.", -1);
        Property first = property(segments[0]);
        if (first == null) {
            throw new InvalidInputException(field, "entity " + type.getSimpleName() + " has no property '" + segments[0]
                    + "' (path '" + path + "'); known properties: " + properties.keySet());
        }
        if (segments.length > 1 && first.role() != Property.Role.METADATA) {
            throw new InvalidInputException(field, "'" + path + "': " + first.name() + " is the " + first.role()
                    + " of " + type.getSimpleName() + " and has no nested properties");
        }
        StringBuilder stored = new StringBuilder(first.key());
        JavaType current = first.type();
        for (int i = 1; i < segments.length; i++) {
            while (current.isCollectionLikeType() || current.isArrayType()) {
                current = current.getContentType();
            }
            if (current.isMapLikeType() || current.getRawClass() == Object.class) {
                for (int j = i; j < segments.length; j++) {
                    stored.append('.').append(segments[j]);
                }
                break;
            }
            Property next = nested(current, segments[i]);
            if (next == null) {
                throw new InvalidInputException(field, "'" + path + "': " + current.getRawClass().getSimpleName() + " has no property '"
                        + segments[i] + "'; known properties: " + Properties.nested(current).stream().map(Property::name).toList());
            }
            stored.append('.').append(next.key());
            current = next.type();
        }
        return new PropertyPath(path, first, stored.toString());
    }

    /**
     * The stored metadata path a filter on a property path uses.
     *
     * @param path a path as for {@link #resolve}
     * @return the stored path
     * @throws InvalidInputException naming {@code where(path)} for an unknown path, or for the id,
     *         embedding, text or timestamp, which filters cannot reach (they filter metadata)
     */
    public String filterPath(String path) {
        PropertyPath resolved = resolve("where", path);
        if (resolved.property().role() != Property.Role.METADATA) {
            throw new InvalidInputException("where(" + path + ")", field(resolved.property()) + " is the " + resolved.property().role()
                    + "; filters apply to metadata properties (find by id with findById, order by id or timestamp with orderBy)");
        }
        return resolved.storedPath();
    }

    /**
     * The sort key of a path: the id, the record timestamp or a metadata path.
     *
     * @param field the argument named in errors
     * @param path a path as for {@link #resolve}
     * @param ascending the direction
     * @return the sort key
     * @throws InvalidInputException naming {@code field} for an unknown path, or the text or
     *         embedding (which do not sort)
     */
    public Sort sort(String field, String path, boolean ascending) {
        PropertyPath p = resolve(field, path);
        return switch (p.property().role()) {
            case ID -> ascending ? Sort.idAscending() : Sort.idDescending();
            case TIMESTAMP -> ascending ? Sort.timestampAscending() : Sort.timestampDescending();
            case METADATA -> new Sort(Sort.Key.METADATA, p.storedPath(), ascending);
            default -> throw new InvalidInputException(field, "cannot sort " + type.getSimpleName() + " by its "
                    + p.property().role() + " '" + path + "'");
        };
    }

    /**
     * A query value as the JSON scalar it is stored as: enums as names, UUIDs as strings, Instants
     * as epoch milliseconds, LocalDates as {@code yyyy-MM-dd}, numbers and booleans as themselves.
     *
     * @param field the argument named in errors
     * @param value the value, may be null
     * @return a String, Long, BigInteger, Double or Boolean, or null
     * @throws InvalidInputException naming {@code field} when the value is not a scalar
     */
    public Object jsonScalar(String field, Object value) {
        if (value == null) {
            return null;
        }
        JsonNode n;
        try {
            n = EntityMappers.MAPPER.valueToTree(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "cannot be written as JSON: " + e.getMessage(), e);
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber()) {
            return n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isNull()) {
            return null;
        }
        throw new InvalidInputException(field, "a filter value must be a scalar (String, number, boolean, enum, UUID, Instant, "
                + "LocalDate), was " + value.getClass().getName());
    }

    private Property property(String name) {
        Property p = properties.get(name);
        if (p != null) {
            return p;
        }
        for (Property candidate : properties.values()) {
            if (candidate.key().equals(name)) {
                return candidate;
            }
        }
        if (name.equals("id")) {
            return id;
        }
        if (name.equals("timestamp")) {
            return timestamp != null ? timestamp
                    : new Property("timestamp", "timestamp", Property.Role.TIMESTAMP, EntityMappers.MAPPER.constructType(Long.class));
        }
        return null;
    }

    private static Property nested(JavaType type, String name) {
        for (Property p : Properties.nested(type)) {
            if (p.name().equals(name) || p.key().equals(name)) {
                return p;
            }
        }
        return null;
    }

    private static String textOf(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    @Override
    public String toString() {
        return "EntityMapping[" + type.getName() + " -> collection " + collection + ", " + spec + "]";
    }
}
