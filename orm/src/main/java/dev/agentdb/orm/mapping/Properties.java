package dev.agentdb.orm.mapping;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;

/** Jackson's view of a type's properties: the one source of names and types for mapping, checks and paths. */
final class Properties {
    private Properties() {
    }

    /**
     * @param type a bean or record type
     * @return its properties as Jackson serialises them, in declaration order
     */
    static List<BeanPropertyDefinition> of(JavaType type) {
        return EntityMappers.MAPPER.getSerializationConfig().introspect(type).findProperties();
    }

    /**
     * @param type a bean or record type
     * @return its properties as metadata properties (nested types have no id, embedding, ...)
     */
    static List<Property> nested(JavaType type) {
        List<Property> out = new ArrayList<>();
        for (BeanPropertyDefinition p : of(type)) {
            out.add(new Property(p.getInternalName(), p.getName(), Property.Role.METADATA, p.getPrimaryType()));
        }
        return out;
    }

    /**
     * The annotation on any member of a property: a record component's annotations land on its field
     * and accessor, a class's on its field or getter.
     */
    static <A extends Annotation> A annotation(BeanPropertyDefinition p, Class<A> annotation) {
        for (AnnotatedMember m : new AnnotatedMember[] {p.getField(), p.getGetter(), p.getSetter(), p.getConstructorParameter()}) {
            A a = m == null ? null : m.getAnnotation(annotation);
            if (a != null) {
                return a;
            }
        }
        return null;
    }
}
