package dev.agentdb.spring.boot.autoconfigure;

import dev.agentdb.AgentDB;
import dev.agentdb.BackendType;
import dev.agentdb.compat.TestBackends;
import dev.agentdb.compat.net.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.net.URI;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configuration against the real PostgreSQL of the test servers
 * ({@code AGENTDB_TEST_POSTGRES_URL}, see {@code scripts/backends.sh}; skipped without it, failing
 * under {@code CI=true}): the same properties as on SQLite select PostgreSQL by URL, and the health
 * indicator goes down when the server vanishes (a {@link TcpProxy} in front of it is closed) and up
 * again when it is back.
 */
class AgentDbPostgresIT {
    private static String server;
    private static final String SCHEMA = "boot_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AgentDbAutoConfiguration.class, AgentDbHealthContributorAutoConfiguration.class));

    @BeforeAll
    static void server() {
        server = TestBackends.url("POSTGRES");
    }

    @AfterAll
    static void dropSchema() {
        if (server != null) {
            try (AgentDB db = AgentDB.open(server)) {
                db.executeRaw("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            }
        }
    }

    private static String withSchema(String url) {
        return url + (url.contains("?") ? "&" : "?") + "schema=" + SCHEMA;
    }

    @Test
    void should_select_postgresql_by_url_and_create_the_collections_there() {
        runner.withPropertyValues("agentdb.url=" + withSchema(server), "agentdb.pool-size=3",
                        "agentdb.collections.notes.dimension=4", "agentdb.collections.notes.metric=cosine")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    AgentDB db = context.getBean(AgentDB.class);
                    assertThat(db.backendType()).isEqualTo(BackendType.POSTGRES);
                    assertThat(db.collection("notes").spec().dimension()).isEqualTo(4);
                    Health health = context.getBean("agentdbHealthIndicator", HealthIndicator.class).health();
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails()).containsEntry("backend", "postgres");
                    assertThat(health.getDetails().get("collections")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).contains("notes");
                });
    }

    @Test
    void should_report_down_while_the_server_is_gone_and_up_when_it_is_back() throws Exception {
        URI uri = URI.create(server);
        TcpProxy proxy = TcpProxy.start(0, uri.getHost(), uri.getPort());
        int port = proxy.port();
        String throughProxy = withSchema(server.replace(uri.getHost() + ":" + uri.getPort(), "127.0.0.1:" + port));
        try {
            runner.withPropertyValues("agentdb.url=" + throughProxy, "agentdb.pool-size=2", "agentdb.connect-timeout=2s")
                    .run(context -> {
                        HealthIndicator indicator = context.getBean("agentdbHealthIndicator", HealthIndicator.class);
                        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

                        proxy.close();
                        Health down = indicator.health();
                        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                        assertThat(down.getDetails()).containsEntry("backend", "postgres").containsKey("detail");
                        assertThat(down.getDetails()).doesNotContainKey("collections");

                        try (TcpProxy back = TcpProxy.start(port, uri.getHost(), uri.getPort())) {
                            // the pool may hand out a connection the outage broke: that probe fails and
                            // evicts it; a later one, on a new connection, is up
                            Status status = Status.UNKNOWN;
                            for (int probe = 0; probe < 20 && !Status.UP.equals(status); probe++) {
                                status = indicator.health().getStatus();
                                if (!Status.UP.equals(status)) {
                                    Thread.sleep(250);
                                }
                            }
                            assertThat(status).as("up again within 20 probes").isEqualTo(Status.UP);
                        }
                    });
        } finally {
            proxy.close();
        }
    }
}
