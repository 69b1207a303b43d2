package dev.agentdb.d1;

import dev.agentdb.AgentDBException;
import dev.agentdb.BackendUnavailableException;
import dev.agentdb.ConflictException;
import dev.agentdb.InvalidInputException;
import dev.agentdb.NotFoundException;
import dev.agentdb.d1.internal.D1Errors;
import dev.agentdb.d1.internal.D1Exception;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class D1ErrorsTest {
    private static AgentDBException translate(String message, int status, int code) {
        return D1Errors.translate(new D1Exception(message, status, code, false, null), "do it", "d1://a/b");
    }

    @Test
    void should_map_d1_errors_to_typed_exceptions() {
        assertThat(translate("D1_ERROR: no such table: docs: SQLITE_ERROR", 400, 7500)).isInstanceOf(NotFoundException.class);
        assertThat(translate("D1_ERROR: too many SQL variables at offset 9: SQLITE_ERROR", 400, 7500))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("100 parameters");
        assertThat(translate("D1_ERROR: string or blob too big: SQLITE_TOOBIG", 400, 7500))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("2000000");
        assertThat(translate("D1_ERROR: UNIQUE constraint failed: docs.id: SQLITE_CONSTRAINT", 400, 7500))
                .isInstanceOf(ConflictException.class);
        assertThat(translate("Could not route to /client/v4/accounts/a/d1/database/b", 404, 7404))
                .isInstanceOf(BackendUnavailableException.class).hasMessageContaining("does not exist");
        assertThat(translate("D1_ERROR: near \"SELEC\": syntax error", 400, 7500)).isExactlyInstanceOf(AgentDBException.class);
    }

    @Test
    void should_recognise_the_write_guard() {
        assertThat(D1Errors.isGuardRefusal(new D1Exception("D1_ERROR: CHECK constraint failed: agentdb_write_guard: SQLITE_CONSTRAINT",
                400, 7500, false, null))).isTrue();
        assertThat(D1Errors.isGuardRefusal(new D1Exception("D1_ERROR: CHECK constraint failed: other", 400, 7500, false, null))).isFalse();
    }

    @Test
    void should_keep_ambiguous_failures_generic() {
        assertThat(D1Errors.translate(new D1Exception("dropped", 0, 0, true, null), "insert", "d1://a/b"))
                .isExactlyInstanceOf(AgentDBException.class).hasMessageContaining("dropped");
    }
}
