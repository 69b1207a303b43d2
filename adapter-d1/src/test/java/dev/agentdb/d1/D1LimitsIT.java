package dev.agentdb.d1;

import dev.agentdb.AgentDB;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.BackendUnavailableException;
import dev.agentdb.CollectionSpec;
import dev.agentdb.HealthStatus;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Metric;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** D1's limits and JSON number rules, the token's redaction and large writes, on the emulator of {@code AGENTDB_TEST_D1_URL}. */
class D1LimitsIT {
    @RegisterExtension
    static final D1TestSupport SUPPORT = D1TestSupport.create();

    @Test
    void should_filter_exactly_on_integers_beyond_2_pow_53() {
        try (AgentDB db = AgentDB.open(SUPPORT.newDatabaseUrl())) {
            VectorCollection c = db.createCollection("big", CollectionSpec.of(2, Metric.L2));
            long big = (1L << 60) + 1;
            c.insertBatch(List.of(VectorRecord.of("a", new float[] {1, 0}, Map.of("n", big)),
                    VectorRecord.of("b", new float[] {0, 1}, Map.of("n", big - 1))));
            assertThat(c.count(Filter.eq("n", big))).isEqualTo(1);
            assertThat(c.count(Filter.gt("n", big - 1))).isEqualTo(1);
            assertThat(c.get("a").orElseThrow().metadata().get("n")).isEqualTo(big);
        }
    }

    @Test
    void should_refuse_raw_sql_beyond_d1s_parameter_limit_before_sending() {
        try (AgentDB db = AgentDB.open(SUPPORT.newDatabaseUrl())) {
            List<Object> params = new ArrayList<>(Collections.nCopies(101, 1L));
            String sql = "SELECT " + String.join(" + ", Collections.nCopies(101, "?"));
            assertThatThrownBy(() -> db.executeRaw(sql, params.toArray())).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("at most 100 parameters");
            assertThat(db.executeRaw("SELECT ? + 1 AS v", 41L)).containsExactly(Map.of("v", 42L));
        }
    }

    @Test
    void should_write_batches_larger_than_one_statement_and_one_d1_batch() {
        try (AgentDB db = AgentDB.open(SUPPORT.newDatabaseUrl())) {
            VectorCollection c = db.createCollection("many", CollectionSpec.of(64, Metric.COSINE));
            List<VectorRecord> records = new ArrayList<>();
            java.util.Random random = new java.util.Random(7);
            for (int i = 0; i < 2_500; i++) {
                float[] v = new float[64];
                for (int j = 0; j < v.length; j++) {
                    v[j] = random.nextFloat() - 0.5f;
                }
                records.add(VectorRecord.of(String.format("r%05d", i), v, Map.of("i", (long) i)));
            }
            c.insertBatch(records);
            assertThat(c.count()).isEqualTo(2_500);
            assertThat(c.search(records.get(1234).embedding(), 1).get(0).id()).isEqualTo("r01234");
        }
    }

    @Test
    void should_never_show_the_token_and_name_its_source_when_refused() {
        String url = SUPPORT.newDatabaseUrl();
        String wrong = "wrong-token-zz9";
        String withToken = url + (url.contains("?") ? "&" : "?") + "token=" + wrong;
        assertThatThrownBy(() -> AgentDB.open(withToken)).isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("token= parameter").hasMessageNotContaining(wrong);
        try (AgentDB db = AgentDB.open(url)) {
            HealthStatus health = db.health();
            assertThat(health.up()).isTrue();
            String token = System.getenv("CLOUDFLARE_API_TOKEN");
            if (token != null && !token.isBlank()) {
                assertThat(health.toString()).doesNotContain(token);
                assertThat(db.toString()).doesNotContain(token);
                assertThat(AgentDBConfig.builder(url + "&token=" + token).build().toString()).doesNotContain(token);
            }
        }
    }
}
