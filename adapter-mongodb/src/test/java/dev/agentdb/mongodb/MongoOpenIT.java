package dev.agentdb.mongodb;

import dev.agentdb.AgentDB;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.BackendUnavailableException;
import dev.agentdb.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Opening through {@code AgentDB.open} (the provider found by {@code ServiceLoader}) when it cannot
 * work: a port nobody listens on, no database in the path, also read-only. Needs no server; the
 * password must never show.
 */
class MongoOpenIT {

    @Test
    void should_report_an_unreachable_server_as_unavailable_without_the_password() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        String url = "mongodb://agent:s3cret@127.0.0.1:" + port + ",127.0.0.1:" + port + "/agentdb?serverSelectionTimeoutMS=400";
        assertThatThrownBy(() -> AgentDB.open(url)).isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("127.0.0.1:" + port).hasMessageNotContaining("s3cret");
    }

    @Test
    void should_refuse_a_url_without_a_database_before_connecting() {
        assertThatThrownBy(() -> AgentDB.open("mongodb+srv://agent:s3cret@cluster0.example.invalid/"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("names no database")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void should_report_an_unreachable_server_as_unavailable_when_opening_read_only() {
        assertThatThrownBy(() -> AgentDB.open(AgentDBConfig.builder("mongodb://127.0.0.1:1/agentdb?serverSelectionTimeoutMS=400")
                .readOnly(true).build())).isInstanceOf(BackendUnavailableException.class);
    }
}
