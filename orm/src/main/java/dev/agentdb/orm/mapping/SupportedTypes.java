package dev.agentdb.orm.mapping;

import com.fasterxml.jackson.databind.JavaType;
import dev.agentdb.InvalidInputException;

import java.lang.reflect.Modifier;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Which Java types a metadata property may have, checked once when a mapping is built so that an
 * unsupported type fails when the repository is created, not at the first write.
 */
final class SupportedTypes {
    /** What the error messages list. */
    static final String SUPPORTED = "String, boolean, int/long/short/byte, float/double, BigInteger, enums (names), UUID, "
            + "Instant (epoch ms), LocalDate (yyyy-MM-dd), nested records/classes of these, List/Set/Collection of these, "
            + "Map<String, ?>";

    private static final Set<Class<?>> SCALARS = Set.of(String.class, Boolean.class, Byte.class, Short.class, Integer.class,
            Long.class, Float.class, Double.class, BigInteger.class, UUID.class, Instant.class, LocalDate.class);

    private SupportedTypes() {
    }

    /**
     * @param type a metadata property's type
     * @param field the property, e.g. {@code User.address.city}, named in the error
     * @param entity the entity class, named in the error
     * @param seen nested types on the current walk (a recursive type is checked once)
     * @throws InvalidInputException naming the field when the type (or a part of it) is not supported
     */
    static void check(JavaType type, String field, Class<?> entity, Set<Class<?>> seen) {
        Class<?> raw = type.getRawClass();
        if (raw.isPrimitive()) {
            if (raw == char.class || raw == void.class) {
                throw unsupported(type, field, entity);
            }
            return;
        }
        if (SCALARS.contains(raw) || raw.isEnum() || raw == Object.class) {
            return; // Object: any JSON value, checked against the value domain when written
        }
        if (type.isArrayType()) {
            throw new InvalidInputException(field, "arrays are only supported for the @Embedding float[] of entity "
                    + entity.getName() + "; use a List");
        }
        if (type.isCollectionLikeType()) {
            if (!List.class.isAssignableFrom(raw) && !Set.class.isAssignableFrom(raw) && raw != Collection.class) {
                throw unsupported(type, field, entity);
            }
            check(type.getContentType(), field + "[]", entity, seen);
            return;
        }
        if (type.isMapLikeType()) {
            if (type.getKeyType().getRawClass() != String.class) {
                throw new InvalidInputException(field, "map keys must be String (JSON object keys), was "
                        + type.getKeyType().toCanonical() + " in entity " + entity.getName());
            }
            check(type.getContentType(), field + "{}", entity, seen);
            return;
        }
        if (raw.getName().startsWith("java.") || raw.getName().startsWith("javax.") || raw.isInterface()
                || Modifier.isAbstract(raw.getModifiers())) {
            throw unsupported(type, field, entity);
        }
        if (!seen.add(raw)) {
            return;
        }
        List<Property> nested = Properties.nested(type);
        if (nested.isEmpty()) {
            throw new InvalidInputException(field, "type " + raw.getName() + " has no properties to store (entity "
                    + entity.getName() + ")");
        }
        for (Property p : nested) {
            check(p.type(), field + "." + p.name(), entity, seen);
        }
        seen.remove(raw);
    }

    private static InvalidInputException unsupported(JavaType type, String field, Class<?> entity) {
        return new InvalidInputException(field, "type " + type.toCanonical() + " is not supported in entity " + entity.getName()
                + "; supported: " + SUPPORTED);
    }
}
