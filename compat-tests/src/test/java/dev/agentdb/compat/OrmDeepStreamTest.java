package dev.agentdb.compat;

import dev.agentdb.AgentDB;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Limits;
import dev.agentdb.compat.orm.Row;
import dev.agentdb.compat.reference.InMemoryReferenceAdapter;
import dev.agentdb.orm.Repositories;
import dev.agentdb.orm.query.Op;
import dev.agentdb.orm.repository.EntityRepository;
import jakarta.data.Direction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Streams deeper than {@code find}'s offset bound ({@link Limits#MAX_FIND_OFFSET}), on the reference
 * adapter (too many rows to write in every backend's kit run): an unsorted stream goes on past it in
 * id order, a sorted one stops with a typed error naming {@code offset}.
 */
class OrmDeepStreamTest {
    private static final int COUNT = (int) Limits.MAX_FIND_OFFSET + 2_000;

    @Test
    void should_stream_past_the_find_offset_bound_in_id_order_and_refuse_it_when_sorted() {
        try (AgentDB db = AgentDB.builder().adapter(new InMemoryReferenceAdapter(AgentDBConfig.of("memref:" + UUID.randomUUID()))).build()) {
            EntityRepository<Row, String> rows = Repositories.of(db, Row.class);
            List<Row> batch = new ArrayList<>();
            for (int i = 0; i < COUNT; i++) {
                batch.add(new Row(String.format("r%06d", i), new float[] {i % 7, 1}, i % 10));
                if (batch.size() == 10_000 || i == COUNT - 1) {
                    rows.saveAll(batch);
                    batch.clear();
                }
            }
            int[] seen = {0};
            String[] last = {""};
            try (Stream<Row> s = rows.query().where("n", Op.NE, 3).pageSize(5_000).stream()) {
                s.forEach(r -> {
                    assertThat(r.id()).isGreaterThan(last[0]);
                    assertThat(r.n()).isNotEqualTo(3);
                    last[0] = r.id();
                    seen[0]++;
                });
            }
            assertThat(seen[0]).isEqualTo(COUNT - COUNT / 10);
            assertThat(last[0]).isEqualTo(String.format("r%06d", COUNT - 1));
            assertThat(rows.query().offset(50).limit(101_000).pageSize(Limits.MAX_FIND_LIMIT).stream().map(Row::id).reduce((a, b) -> b))
                    .contains(String.format("r%06d", 101_049));

            try (Stream<Row> sorted = rows.query().orderBy("n", Direction.DESC).offset(99_000).pageSize(1_000).stream()) {
                assertThatThrownBy(sorted::count).isInstanceOf(InvalidInputException.class).hasMessageContaining("offset")
                        .hasMessageContaining(String.valueOf(Limits.MAX_FIND_OFFSET));
            }
        }
    }
}
