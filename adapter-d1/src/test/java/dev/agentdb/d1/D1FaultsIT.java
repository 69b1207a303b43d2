package dev.agentdb.d1;

import dev.agentdb.AgentDBConfig;
import dev.agentdb.compat.AgentDBFixture;
import dev.agentdb.compat.CrudContract;
import dev.agentdb.compat.RemovalContract;
import dev.agentdb.compat.SearchContract;
import dev.agentdb.d1.internal.D1Url;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kit's CRUD, search and removal contracts on the D1 emulator with 10% of API requests failing (429, 500,
 * connection dropped before or after the statement ran, slow answers): every test must pass as without faults,
 * so no error reaches the caller and no row is lost or written twice (the contracts count and compare rows).
 * Faults are switched on after the fixture opened the test's database and off before it is closed and deleted
 * (the emulator's {@code POST /__emulator/faults}).
 */
class D1FaultsIT extends AgentDBFixture implements CrudContract, SearchContract, RemovalContract {
    @RegisterExtension
    static final D1TestSupport SUPPORT = D1TestSupport.create();

    @Override
    protected String newDatabaseUrl() {
        return SUPPORT.newDatabaseUrl();
    }

    @BeforeEach
    void faultsOn() throws Exception {
        faults("{\"rate\":0.1,\"kinds\":[\"429\",\"500\",\"drop-before\",\"drop-after\",\"slow\"],\"slowMs\":200}");
    }

    @AfterEach
    void faultsOff() throws Exception {
        faults("{\"rate\":0}");
    }

    @AfterAll
    static void allFaultsOff() throws Exception {
        faults("{\"rate\":0}");
    }

    private static void faults(String json) throws Exception {
        D1Url url = D1Url.parse(AgentDBConfig.builder(SUPPORT.baseUrl()).build(), System.getenv());
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url.endpoint() + "/__emulator/faults"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("the emulator's fault switch: %s", r.body()).isEqualTo(200);
    }
}
