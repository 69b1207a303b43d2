package dev.agentdb.compat;

import dev.agentdb.compat.BackendSelection.Decision;
import dev.agentdb.compat.BackendSelection.Kind;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackendSelectionTest {
    private static final String PG = "postgresql://postgres@127.0.0.1:15432/agentdb";
    private static final BooleanSupplier NO_DOCKER = () -> false;
    private static final BooleanSupplier DOCKER = () -> true;

    @Test
    void should_name_the_variable_after_the_backend_in_upper_case() {
        assertThat(BackendSelection.variable("POSTGRES")).isEqualTo("AGENTDB_TEST_POSTGRES_URL");
        assertThat(BackendSelection.variable("mariadb")).isEqualTo("AGENTDB_TEST_MARIADB_URL");
        assertThatThrownBy(() -> BackendSelection.variable("post gres")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BackendSelection.variable("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_use_the_variable_when_set_without_probing_docker_or_starting_a_container() {
        AtomicInteger probes = new AtomicInteger();
        AtomicInteger starts = new AtomicInteger();

        Decision d = BackendSelection.decide("postgres", Map.of("AGENTDB_TEST_POSTGRES_URL", " " + PG + " ", "CI", "true"),
                () -> probes.incrementAndGet() > 0, () -> "container-" + starts.incrementAndGet());

        assertThat(d.kind()).isEqualTo(Kind.USE_ENVIRONMENT);
        assertThat(d.url()).isEqualTo(PG);
        assertThat(d.backend()).isEqualTo("POSTGRES");
        assertThat(d.runs()).isTrue();
        assertThat(probes).hasValue(0);
        assertThat(starts).hasValue(0);
    }

    @Test
    void should_treat_a_blank_variable_as_unset() {
        Decision d = BackendSelection.decide("POSTGRES", Map.of("AGENTDB_TEST_POSTGRES_URL", "  "), NO_DOCKER, null);

        assertThat(d.kind()).isEqualTo(Kind.SKIP);
    }

    @Test
    void should_start_the_container_when_variable_unset_and_docker_reachable() {
        Decision d = BackendSelection.decide("POSTGRES", Map.of(), DOCKER, () -> "postgresql://test@localhost:32771/db");

        assertThat(d.kind()).isEqualTo(Kind.USE_CONTAINER);
        assertThat(d.url()).isEqualTo("postgresql://test@localhost:32771/db");
    }

    @Test
    void should_not_start_the_container_when_docker_is_unreachable() {
        AtomicInteger starts = new AtomicInteger();
        Supplier<String> container = () -> "c" + starts.incrementAndGet();

        Decision d = BackendSelection.decide("POSTGRES", Map.of(), NO_DOCKER, container);

        assertThat(d.kind()).isEqualTo(Kind.SKIP);
        assertThat(d.message()).contains("no Docker engine is reachable");
        assertThat(starts).hasValue(0);
    }

    @Test
    void should_not_probe_docker_when_the_adapter_offers_no_container() {
        AtomicInteger probes = new AtomicInteger();

        Decision d = BackendSelection.decide("POSTGRES", Map.of(), () -> probes.incrementAndGet() > 0, null);

        assertThat(d.kind()).isEqualTo(Kind.SKIP);
        assertThat(probes).hasValue(0);
    }

    @Test
    void should_skip_with_one_message_naming_the_variable_and_the_script() {
        Decision d = BackendSelection.decide("POSTGRES", Map.of("CI", "false"), NO_DOCKER, null);

        assertThat(d.kind()).isEqualTo(Kind.SKIP);
        assertThat(d.url()).isNull();
        assertThat(d.runs()).isFalse();
        assertThat(d.message()).contains("AGENTDB_TEST_POSTGRES_URL", "scripts/backends.sh start postgres",
                "scripts/backends.sh env postgres");
    }

    @Test
    void should_fail_under_ci_when_the_backend_is_absent() {
        for (String ci : new String[] {"true", "TRUE", " true "}) {
            Decision d = BackendSelection.decide("POSTGRES", Map.of("CI", ci), NO_DOCKER, null);

            assertThat(d.kind()).as("CI=%s", ci).isEqualTo(Kind.FAIL);
            assertThat(d.message()).contains("AGENTDB_TEST_POSTGRES_URL", "scripts/backends.sh", "CI=true");
        }
    }

    @Test
    void should_not_treat_other_ci_values_as_ci() {
        assertThat(BackendSelection.isCi(Map.of("CI", "1"))).isFalse();
        assertThat(BackendSelection.isCi(Map.of())).isFalse();
        assertThat(BackendSelection.isCi(Map.of("CI", "True"))).isTrue();
    }

    @Test
    void should_skip_or_fail_with_the_cause_when_the_container_does_not_start() {
        Supplier<String> broken = () -> {
            throw new IllegalStateException("pull denied");
        };

        Decision local = BackendSelection.decide("POSTGRES", Map.of(), DOCKER, broken);
        Decision ci = BackendSelection.decide("POSTGRES", Map.of("CI", "true"), DOCKER, broken);
        Decision empty = BackendSelection.decide("POSTGRES", Map.of(), DOCKER, () -> "");

        assertThat(local.kind()).isEqualTo(Kind.SKIP);
        assertThat(local.message()).contains("pull denied");
        assertThat(ci.kind()).isEqualTo(Kind.FAIL);
        assertThat(ci.message()).contains("pull denied", "AGENTDB_TEST_POSTGRES_URL");
        assertThat(empty.kind()).isEqualTo(Kind.SKIP);
        assertThat(empty.message()).contains("no URL");
    }

    @Test
    void should_refuse_a_use_decision_without_url() {
        assertThatThrownBy(() -> new Decision("POSTGRES", Kind.USE_ENVIRONMENT, null, "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
