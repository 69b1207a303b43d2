package dev.agentdb.springai.autoconfigure;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionSpec;
import dev.agentdb.ConflictException;
import dev.agentdb.DimensionMismatchException;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Metric;
import dev.agentdb.NotFoundException;
import dev.agentdb.spring.boot.autoconfigure.AgentDbAutoConfiguration;
import dev.agentdb.springai.AgentDbVectorStore;
import dev.agentdb.springai.MiniLmEmbeddingModel;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The auto-configuration on embedded SQLite files (through the AgentDB bean of the Spring Boot
 * auto-configuration) with the all-MiniLM-L6-v2 model as the application's embedding model:
 * properties to the bean, {@code spring.ai.vectorstore.type}, start-up failures, observations.
 */
class AgentDbVectorStoreAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AgentDbAutoConfiguration.class, AgentDbVectorStoreAutoConfiguration.class))
            .withUserConfiguration(Model.class);

    @TempDir
    Path dir;

    @Configuration(proxyBeanMethods = false)
    static class Model {
        @Bean
        EmbeddingModel embeddingModel() {
            return MiniLmEmbeddingModel.INSTANCE;
        }
    }

    private String url() {
        return "agentdb.url=sqlite:" + dir.resolve("app.db");
    }

    @Test
    void should_create_the_configured_collection_and_store_and_search_documents() {
        runner.withPropertyValues(url(), "spring.ai.vectorstore.agentdb.collection-name=docs",
                        "spring.ai.vectorstore.agentdb.initialize-schema=true", "spring.ai.vectorstore.agentdb.metric=l2")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(VectorStore.class).hasSingleBean(AgentDbVectorStore.class);
                    AgentDbVectorStore store = context.getBean(AgentDbVectorStore.class);
                    assertThat(store.collection().name()).isEqualTo("docs");
                    assertThat(store.collection().spec().dimension()).isEqualTo(MiniLmEmbeddingModel.DIMENSION); // from the model
                    assertThat(store.collection().spec().metric()).isEqualTo(Metric.L2);
                    assertThat(store.<AgentDB>getNativeClient()).containsSame(context.getBean(AgentDB.class));

                    store.add(List.of(new Document("AgentDB runs on SQLite", Map.of("year", 2024)),
                            new Document("Bananas are yellow", Map.of("year", 2019))));
                    List<Document> hits = store.similaritySearch(SearchRequest.builder().query("Where does AgentDB run?")
                            .topK(5).filterExpression("year >= 2020").build());
                    assertThat(hits).extracting(Document::getText).containsExactly("AgentDB runs on SQLite");
                });
    }

    @Test
    void should_default_to_the_vector_store_collection_and_spring_ai_defaults() {
        AgentDbVectorStoreProperties defaults = new AgentDbVectorStoreProperties();
        assertThat(defaults.getCollectionName()).isEqualTo(AgentDbVectorStore.DEFAULT_COLLECTION_NAME).isEqualTo("vector_store");
        assertThat(defaults.isInitializeSchema()).isFalse();
        assertThat(defaults.getDimension()).isNull();
        assertThat(defaults.metricOrNull()).isNull();
        runner.withPropertyValues(url(), "spring.ai.vectorstore.agentdb.initialize-schema=true", "spring.ai.vectorstore.type=agentdb")
                .run(context -> assertThat(context.getBean(AgentDbVectorStore.class).collection().spec())
                        .isEqualTo(CollectionSpec.of(MiniLmEmbeddingModel.DIMENSION, Metric.COSINE)));
    }

    @Test
    void should_use_a_collection_of_agentdb_collections_without_initialize_schema() {
        runner.withPropertyValues(url(), "agentdb.collections.notes.dimension=384", "agentdb.collections.notes.metric=inner_product",
                        "spring.ai.vectorstore.agentdb.collection-name=notes")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(AgentDbVectorStore.class).collection().spec().metric()).isEqualTo(Metric.INNER_PRODUCT);
                });
    }

    @Test
    void should_configure_nothing_when_another_vector_store_type_is_chosen() {
        runner.withPropertyValues(url(), "spring.ai.vectorstore.type=pgvector", "spring.ai.vectorstore.agentdb.initialize-schema=true")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(VectorStore.class);
                    assertThat(context).hasSingleBean(AgentDB.class);
                });
    }

    @Test
    void should_back_off_for_an_application_vector_store() {
        runner.withPropertyValues(url()).withUserConfiguration(OwnStore.class)
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(AgentDbVectorStore.class);
                    assertThat(context.getBean(AgentDbVectorStore.class).collection().name()).isEqualTo("own");
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnStore {
        @Bean
        AgentDbVectorStore ownStore(AgentDB db, EmbeddingModel model) {
            return AgentDbVectorStore.builder(db, model).collection("own").initializeSchema(true).build();
        }
    }

    @Test
    void should_fail_the_start_up_for_a_missing_collection_without_initialize_schema() {
        runner.withPropertyValues(url(), "spring.ai.vectorstore.agentdb.collection-name=absent")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().isInstanceOf(NotFoundException.class)
                        .hasMessageContaining("'absent'").hasMessageContaining("spring.ai.vectorstore.agentdb.initialize-schema=true"));
    }

    @Test
    void should_fail_the_start_up_naming_the_property_for_an_unknown_metric() {
        runner.withPropertyValues(url(), "spring.ai.vectorstore.agentdb.metric=cosinus", "spring.ai.vectorstore.agentdb.initialize-schema=true")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .isInstanceOf(InvalidInputException.class)
                        .hasMessageStartingWith("spring.ai.vectorstore.agentdb.metric: unknown metric 'cosinus'"));
    }

    @Test
    void should_fail_the_start_up_when_the_collection_has_another_dimension_than_configured() {
        // no dimension configured: the model is not asked at start-up, its first add fails
        runner.withPropertyValues(url(), "agentdb.collections.vector_store.dimension=8")
                .run(context -> assertThatThrownBy(() -> context.getBean(VectorStore.class).add(List.of(new Document("x"))))
                        .isInstanceOf(DimensionMismatchException.class));
        runner.withPropertyValues(url(), "agentdb.collections.vector_store.dimension=8", "spring.ai.vectorstore.agentdb.dimension=384")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause().isInstanceOf(ConflictException.class)
                        .hasMessageContaining("vector_store"));
    }

    @Test
    void should_observe_operations_with_spring_ai_names_and_agentdb_as_system() {
        TestObservationRegistry registry = TestObservationRegistry.create();
        runner.withPropertyValues(url(), "spring.ai.vectorstore.agentdb.initialize-schema=true")
                .withBean(TestObservationRegistry.class, () -> registry)
                .run(context -> {
                    VectorStore store = context.getBean(VectorStore.class);
                    store.add(List.of(new Document("observed")));
                    store.similaritySearch(SearchRequest.builder().query("observed").topK(3).build());
                    assertThat(registry)
                            .hasAnObservation(o -> o.hasNameEqualTo("db.vector.client.operation")
                                    .hasLowCardinalityKeyValue("db.system", AgentDbVectorStore.DB_SYSTEM)
                                    .hasLowCardinalityKeyValue("db.operation.name", "add"))
                            .hasAnObservation(o -> o.hasNameEqualTo("db.vector.client.operation")
                                    .hasLowCardinalityKeyValue("db.operation.name", "query"))
                            // AgentDB's own observation of the start-up collection creation (outside Spring AI's)
                            .hasAnObservation(o -> o.hasLowCardinalityKeyValue("db.operation.name", "create_collection"))
                            // the AgentDB calls inside Spring AI's add and query are not observed a second time
                            .hasNumberOfObservationsWithNameEqualTo("db.vector.client.operation", 3);
                });
    }

    @Test
    void should_describe_its_properties_for_ides() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(json).contains("spring.ai.vectorstore.agentdb.collection-name", "spring.ai.vectorstore.agentdb.initialize-schema",
                    "spring.ai.vectorstore.agentdb.dimension", "spring.ai.vectorstore.agentdb.metric");
        }
    }
}
