package dev.agentdb.orm.mapping;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.AnnotationIntrospector;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.time.LocalDate;

/**
 * The one Jackson mapper of the ORM. Its settings are the documented encoding of entity properties:
 * fields are the properties (as JPA's field access: no getters needed, any visibility), Jakarta
 * Persistence's {@code @Column}/{@code @Transient} apply, {@link java.time.Instant} is a number of
 * milliseconds since the epoch (so it compares and sorts as a number on every backend),
 * {@link LocalDate} an ISO {@code yyyy-MM-dd} string (sorts in date order), enums their names, and
 * metadata keys an entity does not know are ignored when reading.
 */
final class EntityMappers {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .annotationIntrospector(AnnotationIntrospector.pair(new PersistenceIntrospector(), new JacksonAnnotationIntrospector()))
            .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .visibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY)
            .enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DATE_TIMESTAMPS_AS_NANOSECONDS)
            .disable(DeserializationFeature.READ_DATE_TIMESTAMPS_AS_NANOSECONDS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .withConfigOverride(LocalDate.class, o -> o.setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING)))
            .build();

    private EntityMappers() {
    }
}
