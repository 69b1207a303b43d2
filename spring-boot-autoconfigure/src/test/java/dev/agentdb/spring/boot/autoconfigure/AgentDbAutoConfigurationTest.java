package dev.agentdb.spring.boot.autoconfigure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentdb.AgentDB;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.CollectionSpec;
import dev.agentdb.ConflictException;
import dev.agentdb.IndexParams;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.VectorRecord;
import dev.agentdb.observation.MicrometerObserver;
import dev.agentdb.observation.OperationObserver;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import dev.agentdb.spring.boot.autoconfigure.repos.Memo;
import dev.agentdb.spring.boot.autoconfigure.repos.Memos;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configuration on embedded SQLite files: properties to beans, the conditions, start-up
 * failures, health, and the configuration metadata IDEs read.
 */
class AgentDbAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AgentDbAutoConfiguration.class, AgentDbHealthContributorAutoConfiguration.class));

    @TempDir
    Path dir;

    private String url(String file) {
        return "agentdb.url=sqlite:" + dir.resolve(file);
    }

    @Test
    void should_default_to_an_embedded_sqlite_file_in_the_working_directory() {
        assertThat(new AgentDbProperties().toConfig().url()).isEqualTo("sqlite:./agentdb.db");
        assertThat(new AgentDbProperties().toConfig().autoMigrate()).isTrue();
    }

    @Test
    void should_default_like_the_api() {
        AgentDBConfig config = new AgentDbProperties().toConfig();
        AgentDBConfig api = AgentDBConfig.of("sqlite::memory:");
        assertThat(config.poolSize()).isEqualTo(api.poolSize());
        assertThat(config.connectTimeoutMs()).isEqualTo(api.connectTimeoutMs());
        assertThat(config.busyTimeoutMs()).isEqualTo(api.busyTimeoutMs());
        AgentDbProperties.Collection collection = new AgentDbProperties.Collection();
        collection.setDimension(8);
        assertThat(collection.toSpec("c")).isEqualTo(CollectionSpec.builder(8).build());
    }

    @Test
    void should_open_the_database_of_the_url_and_create_the_configured_collections() {
        runner.withPropertyValues(url("app.db"),
                        "agentdb.collections.notes.dimension=3",
                        "agentdb.collections.notes.metric=l2",
                        "agentdb.collections.notes.m=8",
                        "agentdb.collections.notes.ef-construction=50",
                        "agentdb.collections.notes.ef-search=20",
                        "agentdb.collections.exact.dimension=2",
                        "agentdb.collections.exact.index=flat",
                        "agentdb.collections.exact.metric=inner_product")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(AgentDB.class);
                    AgentDB db = context.getBean(AgentDB.class);
                    assertThat(db.backendType().name()).isEqualTo("sqlite");
                    assertThat(db.collection("notes").spec())
                            .isEqualTo(CollectionSpec.builder(3).metric(Metric.L2).m(8).efConstruction(50).efSearch(20).build());
                    assertThat(db.collection("exact").spec()).isEqualTo(new CollectionSpec(2, Metric.INNER_PRODUCT, IndexParams.flat()));
                    db.collection("notes").insert(VectorRecord.of("n1", new float[]{1, 0, 0}, Map.of("tag", "a")));
                    assertThat(db.collection("notes").search(SearchRequest.of(new float[]{1, 0, 0}, 1)).get(0).id()).isEqualTo("n1");
                });
        assertThat(dir.resolve("app.db")).exists();
    }

    @Test
    void should_close_the_database_with_the_context_and_keep_what_it_stored() {
        List<AgentDB> seen = new ArrayList<>();
        runner.withPropertyValues(url("closed.db"), "agentdb.collections.notes.dimension=2").run(context -> {
            AgentDB db = context.getBean(AgentDB.class);
            db.collection("notes").insert(VectorRecord.of("kept", new float[]{0.5f, 0.5f}, Map.of()));
            seen.add(db);
        });
        assertThat(seen.get(0).health().up()).as("closed with the context").isFalse();
        try (AgentDB again = AgentDB.open("sqlite:" + dir.resolve("closed.db"))) {
            assertThat(again.collection("notes").get("kept")).isPresent();
        }
    }

    @Test
    void should_back_off_when_the_application_defines_its_own_database() {
        runner.withUserConfiguration(OwnDatabase.class)
                .withPropertyValues(url("ignored.db"), "agentdb.collections.notes.dimension=3")
                .run(context -> {
                    assertThat(context).hasSingleBean(AgentDB.class);
                    assertThat(context.getBean(AgentDB.class)).isSameAs(context.getBean("ownDatabase"));
                    assertThat(context.getBean(AgentDB.class).hasCollection("notes")).as("agentdb.collections is ours only").isFalse();
                });
        assertThat(dir.resolve("ignored.db")).doesNotExist();
    }

    @Test
    void should_fail_the_start_up_naming_the_property_and_leave_the_database_untouched() {
        runner.withPropertyValues(url("typo.db"), "agentdb.collections.notes.dimension=3", "agentdb.collections.notes.metric=cosinus")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().isInstanceOf(InvalidInputException.class)
                            .hasMessageContaining("agentdb.collections.notes.metric").hasMessageContaining("cosinus");
                });
        runner.withPropertyValues(url("typo.db"), "agentdb.collections.notes.metric=l2").run(context ->
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("agentdb.collections.notes.dimension"));
        runner.withPropertyValues(url("typo.db"), "agentdb.collections.notes.dimension=3", "agentdb.collections.notes.m=100000").run(context ->
                assertThat(context.getStartupFailure()).rootCause().isInstanceOf(InvalidInputException.class)
                        .hasMessageContaining("agentdb.collections.notes."));
        runner.withPropertyValues(url("typo.db"), "agentdb.pool-size=0").run(context ->
                assertThat(context.getStartupFailure()).rootCause().isInstanceOf(InvalidInputException.class)
                        .hasMessageStartingWith("agentdb.pool-size: "));
        runner.withPropertyValues("agentdb.url= ").run(context ->
                assertThat(context.getStartupFailure()).rootCause().hasMessageStartingWith("agentdb.url: "));
        assertThat(dir.resolve("typo.db")).doesNotExist();
    }

    @Test
    void should_refuse_a_configured_collection_that_exists_with_another_spec() {
        try (AgentDB db = AgentDB.open("sqlite:" + dir.resolve("existing.db"))) {
            db.createCollection("notes", CollectionSpec.of(4, Metric.COSINE));
        }
        runner.withPropertyValues(url("existing.db"), "agentdb.collections.notes.dimension=3").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(ConflictException.class).hasMessageContaining("notes");
        });
        try (AgentDB db = AgentDB.open("sqlite:" + dir.resolve("existing.db"))) {
            assertThat(db.collection("notes").spec().dimension()).as("unchanged").isEqualTo(4);
        }
    }

    @Test
    void should_open_read_only_when_asked() {
        try (AgentDB db = AgentDB.open("sqlite:" + dir.resolve("ro.db"))) {
            db.createCollection("notes", CollectionSpec.of(2, Metric.COSINE));
        }
        runner.withPropertyValues(url("ro.db"), "agentdb.read-only=true").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(AgentDB.class).readOnly()).isTrue();
        });
    }

    @Test
    void should_report_health_with_backend_latency_and_collections() {
        runner.withPropertyValues(url("health.db"), "agentdb.collections.notes.dimension=2").run(context -> {
            assertThat(context).hasBean("agentdbHealthIndicator");
            Health health = context.getBean("agentdbHealthIndicator", HealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("backend", "sqlite").containsEntry("collections", List.of("notes"))
                    .containsKeys("detail", "latencyMs");
        });
    }

    @Test
    void should_leave_health_out_when_disabled_or_without_the_actuator() {
        runner.withPropertyValues(url("h1.db"), "management.health.agentdb.enabled=false").run(context -> {
            assertThat(context).hasSingleBean(AgentDB.class);
            assertThat(context).doesNotHaveBean(AgentDbHealthIndicator.class);
        });
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class)).withPropertyValues(url("h2.db")).run(context -> {
            assertThat(context).hasSingleBean(AgentDB.class);
            assertThat(context).doesNotHaveBean(AgentDbHealthIndicator.class);
        });
    }

    @Test
    void should_describe_every_property_for_ide_completion() throws Exception {
        JsonNode metadata;
        try (InputStream in = AgentDbProperties.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("written by spring-boot-configuration-processor").isNotNull();
            metadata = new ObjectMapper().readTree(in);
        }
        Map<String, JsonNode> byName = new java.util.HashMap<>();
        metadata.get("properties").forEach(p -> byName.put(p.get("name").asText(), p));
        assertThat(byName).containsKeys("agentdb.url", "agentdb.auto-migrate", "agentdb.read-only", "agentdb.pool-size",
                "agentdb.connect-timeout", "agentdb.busy-timeout", "agentdb.properties", "agentdb.collections");
        assertThat(byName.get("agentdb.url").get("defaultValue").asText()).isEqualTo("sqlite:./agentdb.db");
        assertThat(byName.get("agentdb.url").get("description").asText()).contains("postgresql://");
        assertThat(byName.get("agentdb.pool-size").get("defaultValue").asInt()).isEqualTo(10);
    }

    @Test
    void should_observe_api_calls_with_the_applications_observation_registry() {
        TestObservationRegistry registry = TestObservationRegistry.create();
        runner.withBean(ObservationRegistry.class, () -> registry)
                .withPropertyValues(url("observed.db"), "agentdb.collections.notes.dimension=2")
                .run(context -> {
                    context.getBean(AgentDB.class).collection("notes").insert(VectorRecord.of("a", new float[]{1, 0}, Map.of()));
                    TestObservationRegistryAssert.assertThat(registry).hasAnObservation(o -> o
                            .hasNameEqualTo(MicrometerObserver.NAME)
                            .hasContextualNameEqualTo("insert notes")
                            .hasLowCardinalityKeyValue("db.system.name", "sqlite"));
                });
        runner.withPropertyValues(url("unobserved.db")).run(context -> assertThat(context).doesNotHaveBean(OperationObserver.class));
    }

    @Test
    void should_register_the_repository_interfaces_of_the_application_packages_as_beans() {
        runner.withConfiguration(AutoConfigurations.of(AgentDbRepositoriesAutoConfiguration.class))
                .withUserConfiguration(ApplicationInReposPackage.class)
                .withPropertyValues(url("repos.db"))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(Memos.class);
                    Memos memos = context.getBean(Memos.class);
                    memos.save(new Memo("m1", new float[]{1, 0}, "ops"));
                    memos.save(new Memo("m2", new float[]{0, 1}, "dev"));
                    assertThat(memos.byTopic("ops")).extracting(Memo::id).containsExactly("m1");
                    assertThat(memos.closest(new float[]{0.1f, 0.9f}).get(0).entity().id()).isEqualTo("m2");
                    assertThat(context.getBean(AgentDB.class).hasCollection("memos")).isTrue();
                });
        runner.withConfiguration(AutoConfigurations.of(AgentDbRepositoriesAutoConfiguration.class))
                .withUserConfiguration(ApplicationInReposPackage.class)
                .withPropertyValues(url("off.db"), "agentdb.repositories.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(Memos.class));
    }

    @Test
    void should_register_the_repositories_of_the_packages_named_by_the_annotation() {
        runner.withConfiguration(AutoConfigurations.of(AgentDbRepositoriesAutoConfiguration.class))
                .withUserConfiguration(NamedPackages.class)
                .withPropertyValues(url("named.db"))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(Memos.class);
                    assertThat(context.getBean(Memos.class).findById("none")).isEmpty();
                });
    }

    @Configuration(proxyBeanMethods = false)
    @AutoConfigurationPackage(basePackageClasses = Memos.class)
    static class ApplicationInReposPackage {
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAgentDbRepositories(basePackages = "dev.agentdb.spring.boot.autoconfigure.repos")
    static class NamedPackages {
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnDatabase {
        @Bean(destroyMethod = "close")
        AgentDB ownDatabase() {
            return AgentDB.open("sqlite::memory:");
        }
    }
}
