package dev.agentdb.d1;

import com.sun.net.httpserver.HttpServer;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.BackendUnavailableException;
import dev.agentdb.d1.internal.D1Client;
import dev.agentdb.d1.internal.D1Exception;
import dev.agentdb.d1.internal.D1Params;
import dev.agentdb.d1.internal.D1Result;
import dev.agentdb.d1.internal.D1Url;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client's retry rule and error shapes against an in-process stub of the API (loopback, ephemeral port). */
class D1ClientTest {
    private static final String OK = "{\"success\":true,\"result\":[{\"results\":{\"columns\":[\"a\",\"a\"],\"rows\":[[1,\"x\"]]},"
            + "\"success\":true,\"meta\":{\"changes\":0}}],\"errors\":[],\"messages\":[]}";
    private static final String SECRET = "tok-very-secret";

    private HttpServer server;
    private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile String lastAuthorization;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            calls.incrementAndGet();
            lastAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
            exchange.getRequestBody().readAllBytes();
            Integer status = statuses.poll();
            int code = status == null ? 200 : status;
            String body = code == 200 ? OK : code == 401
                    ? "{\"success\":false,\"errors\":[{\"code\":10000,\"message\":\"Authentication error\"}]}"
                    : code == 400 ? "{\"success\":false,\"errors\":[{\"code\":7500,\"message\":\"D1_ERROR: no such table: x: SQLITE_ERROR\"}]}"
                    : "{\"success\":false,\"errors\":[{\"code\":1,\"message\":\"busy\"}]}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(code, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private D1Client client(int retries) {
        String url = "d1://acc/db?endpoint=http://127.0.0.1:" + server.getAddress().getPort();
        return new D1Client(D1Url.parse(AgentDBConfig.builder(url).build(), Map.of(D1Url.TOKEN_VARIABLE, SECRET)), 2_000, 5_000, retries);
    }

    private static List<dev.agentdb.d1.internal.D1Statement> select() {
        return List.of(D1Params.prepare("SELECT 1 AS a, 'x' AS a", List.of()));
    }

    @Test
    void should_read_raw_results_with_duplicate_columns_and_send_the_token_as_bearer() throws Exception {
        D1Result r = client(0).run(select(), true).get(0);
        assertThat(r.columns()).containsExactly("a", "a");
        assertThat(r.rows()).containsExactly(List.of(1L, "x"));
        assertThat(lastAuthorization).isEqualTo("Bearer " + SECRET);
    }

    @Test
    void should_retry_429_always_and_5xx_only_when_safe_to_repeat() throws Exception {
        statuses.add(429);
        statuses.add(503);
        assertThat(client(3).run(select(), true)).hasSize(1);
        assertThat(calls.get()).isEqualTo(3);

        statuses.add(429);
        assertThat(client(3).run(select(), false)).hasSize(1);

        statuses.add(500);
        assertThatThrownBy(() -> client(3).run(select(), false)).isInstanceOf(D1Exception.class)
                .satisfies(e -> assertThat(((D1Exception) e).ambiguous()).isTrue());
    }

    @Test
    void should_give_up_after_the_retries_with_backend_unavailable() {
        for (int i = 0; i < 5; i++) {
            statuses.add(502);
        }
        assertThatThrownBy(() -> client(2).run(select(), true)).isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("3 attempt");
    }

    @Test
    void should_name_the_token_source_but_never_the_token_on_401() {
        statuses.add(401);
        assertThatThrownBy(() -> client(3).run(select(), true)).isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining(D1Url.TOKEN_VARIABLE).hasMessageNotContaining(SECRET);
        assertThat(client(0).toString()).doesNotContain(SECRET);
    }

    @Test
    void should_report_sql_errors_with_d1s_message_not_retried() {
        statuses.add(400);
        assertThatThrownBy(() -> client(3).run(select(), true)).isInstanceOf(D1Exception.class)
                .hasMessageContaining("no such table");
        assertThat(calls.get()).isEqualTo(1);
    }
}
