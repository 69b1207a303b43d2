package dev.agentdb;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackendTypeTest {
    @Test
    void should_give_the_constant_for_a_known_name_and_a_new_identity_for_a_third_party() {
        assertThat(BackendType.of("sqlite")).isSameAs(BackendType.SQLITE);
        assertThat(BackendType.of("postgres")).isSameAs(BackendType.POSTGRES);
        BackendType own = BackendType.of("acme-vectors");
        assertThat(own.name()).isEqualTo("acme-vectors");
        assertThat(own).isEqualTo(BackendType.of("acme-vectors")).hasToString("acme-vectors");
    }

    @Test
    void should_refuse_malformed_names() {
        for (String bad : new String[] {null, "", "SQLite", "1db", "a b", "x".repeat(33)}) {
            assertThatThrownBy(() -> BackendType.of(bad)).isInstanceOf(InvalidInputException.class).hasMessageStartingWith("backend:");
        }
    }
}
