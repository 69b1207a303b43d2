package dev.agentdb.orm.mapping;

import com.fasterxml.jackson.databind.PropertyName;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.NopAnnotationIntrospector;
import jakarta.persistence.Column;
import jakarta.persistence.Transient;

/**
 * Teaches Jackson the two Jakarta Persistence annotations that change a property's JSON form:
 * {@code @Column(name)} renames it (the metadata key), {@code @Transient} drops it. Paired with
 * Jackson's own introspector, so Jackson annotations keep working on entities.
 */
final class PersistenceIntrospector extends NopAnnotationIntrospector {
    private static final long serialVersionUID = 1L;

    @Override
    public PropertyName findNameForSerialization(Annotated a) {
        return columnName(a);
    }

    @Override
    public PropertyName findNameForDeserialization(Annotated a) {
        return columnName(a);
    }

    @Override
    public boolean hasIgnoreMarker(AnnotatedMember m) {
        return m.hasAnnotation(Transient.class);
    }

    private static PropertyName columnName(Annotated a) {
        Column column = a.getAnnotation(Column.class);
        return column == null || column.name().isEmpty() ? null : PropertyName.construct(column.name());
    }
}
