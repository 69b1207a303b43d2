package dev.agentdb.orm.mapping;

import dev.agentdb.IndexParams;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Metric;
import dev.agentdb.Sort;
import dev.agentdb.VectorRecord;
import dev.agentdb.orm.Embedding;
import dev.agentdb.orm.Text;
import dev.agentdb.orm.Timestamp;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EntityMappingTest {
    enum Role { ADMIN, USER }

    record Address(String city, int zip) { }

    @Entity
    @Table(name = "people")
    record Person(@Id String id, @Embedding(dimension = 3, metric = Metric.L2, m = 8, efConstruction = 40) float[] vector,
                  @Text String bio, @Timestamp Instant created, @Column(name = "full_name") String name, Role role,
                  UUID ref, LocalDate born, Instant seen, Address address, List<String> tags, Set<Long> codes,
                  Map<String, Object> extra, boolean active, double score, @Transient String scratch) { }

    @Entity
    static class Note {
        @Id Long id;
        @Embedding(dimension = 2) float[] embedding;
        String title;
        transient int cached;

        Note() {
        }
    }

    @Entity record NoId(@Embedding(dimension = 2) float[] v) { }
    @Entity record TwoEmbeddings(@Id String id, @Embedding(dimension = 2) float[] a, @Embedding(dimension = 2) float[] b) { }
    @Entity record WithDate(@Id String id, @Embedding(dimension = 2) float[] v, Date when) { }
    @Entity record NestedDate(@Id String id, @Embedding(dimension = 2) float[] v, List<Map<String, Date>> when) { }
    @Entity record BadDimension(@Id String id, @Embedding(dimension = 0) float[] v) { }
    @Entity record DoubleVector(@Id String id, @Embedding(dimension = 2) double[] v) { }
    record NotAnEntity(@Id String id, @Embedding(dimension = 2) float[] v) { }
    @Entity record BadKey(@Id String id, @Embedding(dimension = 2) float[] v, @Column(name = "a b") String x) { }

    private static Person person() {
        return new Person("p1", new float[] {1, 2, 3}, "bio text", Instant.ofEpochMilli(1_700_000_000_123L), "Ada", Role.ADMIN,
                UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), LocalDate.of(1815, 12, 10), Instant.ofEpochMilli(5),
                new Address("London", 12345), List.of("a", "b"), Set.of(7L), Map.of("k", List.of(1L, "x")), true, 0.5, "dropped");
    }

    @Test
    void should_map_a_record_with_every_property_kind_to_a_record_and_back() {
        EntityMapping<Person> m = EntityMapping.of(Person.class);
        assertThat(m.collection()).isEqualTo("people");
        assertThat(m.spec().dimension()).isEqualTo(3);
        assertThat(m.spec().metric()).isEqualTo(Metric.L2);
        assertThat(m.spec().index()).isEqualTo(IndexParams.hnsw(8, 40, IndexParams.DEFAULT_EF_SEARCH));

        VectorRecord r = m.toRecord(person());
        assertThat(r.id()).isEqualTo("p1");
        assertThat(r.embedding()).containsExactly(1, 2, 3);
        assertThat(r.text()).isEqualTo("bio text");
        assertThat(r.timestamp()).isEqualTo(1_700_000_000_123L);
        assertThat(r.metadata()).containsEntry("full_name", "Ada").containsEntry("role", "ADMIN")
                .containsEntry("ref", "123e4567-e89b-12d3-a456-426614174000").containsEntry("born", "1815-12-10")
                .containsEntry("seen", 5L).containsEntry("address", Map.of("city", "London", "zip", 12345L))
                .containsEntry("tags", List.of("a", "b")).containsEntry("codes", List.of(7L)).containsEntry("active", true)
                .containsEntry("score", 0.5).doesNotContainKeys("scratch", "id", "vector", "bio", "created", "name");

        Person back = m.toEntity(r);
        Person expected = person();
        assertThat(back).usingRecursiveComparison().ignoringFields("scratch").isEqualTo(expected);
        assertThat(back.scratch()).isNull();
    }

    @Test
    void should_map_a_class_by_its_fields_with_a_numeric_id() {
        EntityMapping<Note> m = EntityMapping.of(Note.class);
        assertThat(m.collection()).isEqualTo("Note");
        Note n = new Note();
        n.id = 42L;
        n.embedding = new float[] {1, 0};
        n.title = "t";
        n.cached = 9;
        VectorRecord r = m.toRecord(n);
        assertThat(r.id()).isEqualTo("42");
        assertThat(r.metadata()).isEqualTo(Map.of("title", "t"));
        Note back = m.toEntity(r);
        assertThat(back.id).isEqualTo(42L);
        assertThat(back.title).isEqualTo("t");
        assertThat(back.embedding).containsExactly(1, 0);
        assertThat(back.cached).isZero();
        assertThatThrownBy(() -> m.complete(m.toRecord(new Note()))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Note.id");
    }

    @Test
    void should_generate_string_ids_and_timestamps_only_when_missing() {
        EntityMapping<Person> m = EntityMapping.of(Person.class);
        VectorRecord r = m.complete(new VectorRecord(null, new float[] {1, 2, 3}, Map.of(), null, null));
        assertThat(UUID.fromString(r.id())).isNotNull();
        assertThat(r.timestamp()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
        VectorRecord full = m.toRecord(person());
        assertThat(m.complete(full)).isSameAs(full);
    }

    @Test
    void should_refuse_mapping_errors_naming_class_and_field() {
        assertThatThrownBy(() -> EntityMapping.of(NoId.class)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("NoId").hasMessageContaining("@Id");
        assertThatThrownBy(() -> EntityMapping.of(TwoEmbeddings.class)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("TwoEmbeddings.b").hasMessageContaining("two @Embedding");
        assertThatThrownBy(() -> EntityMapping.of(WithDate.class)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("WithDate.when").hasMessageContaining("java.util.Date");
        assertThatThrownBy(() -> EntityMapping.of(NestedDate.class)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("NestedDate.when[]{}").hasMessageContaining("java.util.Date");
        assertThatThrownBy(() -> EntityMapping.of(BadDimension.class)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("BadDimension.v").hasMessageContaining("dimension");
        assertThatThrownBy(() -> EntityMapping.of(DoubleVector.class)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("DoubleVector.v").hasMessageContaining("float[]");
        assertThatThrownBy(() -> EntityMapping.of(NotAnEntity.class)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("@jakarta.persistence.Entity");
        assertThatThrownBy(() -> EntityMapping.of(BadKey.class)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("BadKey.x").hasMessageContaining("'a b'");
    }

    @Test
    void should_resolve_paths_and_sorts_by_java_names_and_refuse_typos() {
        EntityMapping<Person> m = EntityMapping.of(Person.class);
        assertThat(m.resolve("where", "name").storedPath()).isEqualTo("full_name");
        assertThat(m.resolve("where", "address.city").storedPath()).isEqualTo("address.city");
        assertThat(m.resolve("where", "extra.anything.below").storedPath()).isEqualTo("extra.anything.below");
        assertThat(m.sort("orderBy", "created", false)).isEqualTo(Sort.timestampDescending());
        assertThat(m.sort("orderBy", "id", true)).isEqualTo(Sort.idAscending());
        assertThat(m.sort("orderBy", "address.zip", true)).isEqualTo(Sort.asc("address.zip"));
        assertThatThrownBy(() -> m.resolve("where", "rol")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Person").hasMessageContaining("'rol'").hasMessageContaining("role");
        assertThatThrownBy(() -> m.resolve("where", "address.town")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Address").hasMessageContaining("city");
        assertThatThrownBy(() -> m.sort("orderBy", "vector", true)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("EMBEDDING");
    }

    @Test
    void should_convert_query_values_as_they_are_stored() {
        EntityMapping<Person> m = EntityMapping.of(Person.class);
        assertThat(m.jsonScalar("v", Role.USER)).isEqualTo("USER");
        assertThat(m.jsonScalar("v", Instant.ofEpochMilli(77))).isEqualTo(77L);
        assertThat(m.jsonScalar("v", LocalDate.of(2024, 2, 29))).isEqualTo("2024-02-29");
        assertThat(m.jsonScalar("v", 3)).isEqualTo(3L);
        assertThatThrownBy(() -> m.jsonScalar("v", List.of(1))).isInstanceOf(InvalidInputException.class).hasMessageContaining("scalar");
    }
}
