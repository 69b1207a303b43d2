package dev.agentdb.orm.query;

import dev.agentdb.InvalidInputException;
import dev.agentdb.Metric;
import dev.agentdb.filter.Filter;
import dev.agentdb.orm.Embedding;
import dev.agentdb.orm.Timestamp;
import dev.agentdb.orm.mapping.EntityMapping;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConditionTest {
    enum Role { ADMIN, USER }

    record Address(@Column(name = "town") String city) { }

    @Entity
    record User(@Id UUID id, @Embedding(dimension = 2, metric = Metric.L2) float[] v, @Timestamp Instant created,
                @Column(name = "user_role") Role role, int age, LocalDate born, Address address, Set<String> tags,
                Map<String, Object> extra) { }

    private static final EntityMapping<User> USER = EntityMapping.of(User.class);

    private static String json(Condition c) {
        return c.toFilter(USER).toJson();
    }

    @Test
    void should_translate_every_operator_to_stored_paths_and_values() {
        assertThat(json(Condition.of("role", Op.EQ, Role.ADMIN))).isEqualTo(Filter.eq("user_role", "ADMIN").toJson());
        assertThat(json(Condition.of("role", Op.NE, null))).isEqualTo(Filter.ne("user_role", null).toJson());
        assertThat(json(Condition.of("age", Op.GT, 17))).isEqualTo(Filter.gt("age", 17L).toJson());
        assertThat(json(Condition.of("age", Op.GTE, 18))).isEqualTo(Filter.gte("age", 18L).toJson());
        assertThat(json(Condition.of("born", Op.LT, LocalDate.of(2000, 1, 1)))).isEqualTo(Filter.lt("born", "2000-01-01").toJson());
        assertThat(json(Condition.of("age", Op.LTE, 65.5))).isEqualTo(Filter.lte("age", 65.5).toJson());
        assertThat(json(Condition.of("role", Op.IN, List.of(Role.ADMIN, Role.USER))))
                .isEqualTo(Filter.in("user_role", "ADMIN", "USER").toJson());
        assertThat(json(Condition.of("tags", Op.NIN, new String[] {"a", "b"}))).isEqualTo(Filter.nin("tags", "a", "b").toJson());
        assertThat(json(Condition.of("address.city", Op.EXISTS, false))).isEqualTo(Filter.exists("address.town", false).toJson());
        assertThat(json(Condition.of("extra.any.depth", Op.EQ, true))).isEqualTo(Filter.eq("extra.any.depth", true).toJson());
    }

    @Test
    void should_translate_groups_and_caller_filters() {
        Condition c = Condition.or(Condition.of("age", Op.LT, 18),
                Condition.and(Condition.of("role", Op.EQ, Role.USER), Condition.not(Condition.of("tags", Op.EQ, "x"))));
        assertThat(c.toFilter(USER)).isEqualTo(Filter.or(Filter.lt("age", 18L),
                Filter.and(Filter.eq("user_role", "USER"), Filter.not(Filter.eq("tags", "x")))));
        Filter written = Filter.parse("{\"role\":{\"$in\":[\"ADMIN\"]},\"$or\":[{\"address.city\":\"Oslo\"},{\"age\":{\"$exists\":false}}]}");
        assertThat(FilterPaths.resolve(written, USER)).isEqualTo(Filter.and(Filter.in("user_role", "ADMIN"),
                Filter.or(Filter.eq("address.town", "Oslo"), Filter.exists("age", false))));
    }

    @Test
    void should_refuse_unknown_paths_unfilterable_properties_and_bad_values() {
        assertThatThrownBy(() -> json(Condition.of("rol", Op.EQ, "x"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("User").hasMessageContaining("'rol'").hasMessageContaining("[id, v, created, role, age");
        assertThatThrownBy(() -> FilterPaths.resolve(Filter.eq("agee", 1), USER)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'agee'");
        assertThatThrownBy(() -> json(Condition.of("created", Op.GT, Instant.EPOCH))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("User.created").hasMessageContaining("TIMESTAMP");
        assertThatThrownBy(() -> json(Condition.of("id", Op.EQ, "x"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("findById");
        assertThatThrownBy(() -> json(Condition.of("age", Op.IN, 3))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("where(age)").hasMessageContaining("collection or an array");
        assertThatThrownBy(() -> json(Condition.of("age", Op.EXISTS, "yes"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("EXISTS");
        assertThatThrownBy(() -> json(Condition.of("age", Op.GT, null))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> json(Condition.of("age", Op.EQ, Map.of("a", 1)))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("scalar");
        assertThatThrownBy(() -> json(Condition.of("age", null, 1))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("where.op");
        assertThatThrownBy(() -> Condition.or(Condition.of("age", Op.EQ, 1), null)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("where");
        assertThatThrownBy(() -> Condition.not(null)).isInstanceOf(InvalidInputException.class);
    }
}
