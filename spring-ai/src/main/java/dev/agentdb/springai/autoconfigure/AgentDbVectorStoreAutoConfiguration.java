package dev.agentdb.springai.autoconfigure;

import dev.agentdb.AgentDB;
import dev.agentdb.Metric;
import dev.agentdb.spring.boot.autoconfigure.AgentDbAutoConfiguration;
import dev.agentdb.springai.AgentDbVectorStore;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.ai.embedding.BatchingStrategy;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.TokenCountBatchingStrategy;
import org.springframework.ai.vectorstore.SpringAIVectorStoreTypes;
import org.springframework.ai.vectorstore.observation.VectorStoreObservationConvention;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of an {@link AgentDbVectorStore} bean over the application's {@link AgentDB} bean
 * (from {@link AgentDbAutoConfiguration}, {@code agentdb.*}, or the application's own) and its Spring AI
 * {@link EmbeddingModel} bean, configured by {@link AgentDbVectorStoreProperties}.
 *
 * <p>Active, like Spring AI's own vector store auto-configurations, when {@code spring.ai.vectorstore.type}
 * is {@value #TYPE} or not set; an application's own {@code AgentDbVectorStore} bean replaces it.
 * Observations go to the application's {@link ObservationRegistry} when it has exactly one.
 */
@AutoConfiguration(after = AgentDbAutoConfiguration.class)
@ConditionalOnClass({AgentDbVectorStore.class, AgentDB.class, EmbeddingModel.class})
@EnableConfigurationProperties(AgentDbVectorStoreProperties.class)
@ConditionalOnProperty(name = SpringAIVectorStoreTypes.TYPE, havingValue = AgentDbVectorStoreAutoConfiguration.TYPE,
        matchIfMissing = true)
public class AgentDbVectorStoreAutoConfiguration {
    /** The value of {@code spring.ai.vectorstore.type} that selects this store. */
    public static final String TYPE = "agentdb";

    /** Creates the auto-configuration; Spring calls it. */
    public AgentDbVectorStoreAutoConfiguration() {
    }

    /**
     * Spring AI's default batching of documents for the embedding model, unless the application has one.
     *
     * @return a {@link TokenCountBatchingStrategy}
     */
    @Bean
    @ConditionalOnMissingBean
    public BatchingStrategy agentDbVectorStoreBatchingStrategy() {
        return new TokenCountBatchingStrategy();
    }

    /**
     * Opens (or, with {@code initialize-schema}, creates) the configured collection as a vector store.
     *
     * @param agentDb the database bean
     * @param embeddingModel the embedding model bean
     * @param properties the bound {@code spring.ai.vectorstore.agentdb.*} properties
     * @param observationRegistry the registry, if the application has exactly one
     * @param customObservationConvention a custom convention, if the application has one
     * @param batchingStrategy the batching strategy
     * @return the store
     * @throws dev.agentdb.InvalidInputException naming the property for an unknown metric, or naming
     *         {@code collection}/{@code dimension} for an illegal name or dimension
     * @throws dev.agentdb.NotFoundException when the collection is missing and {@code initialize-schema} is off
     * @throws dev.agentdb.ConflictException when the collection exists with another dimension or metric
     */
    @Bean
    @ConditionalOnMissingBean
    public AgentDbVectorStore agentDbVectorStore(AgentDB agentDb, EmbeddingModel embeddingModel,
            AgentDbVectorStoreProperties properties, ObjectProvider<ObservationRegistry> observationRegistry,
            ObjectProvider<VectorStoreObservationConvention> customObservationConvention, BatchingStrategy batchingStrategy) {
        AgentDbVectorStore.Builder builder = AgentDbVectorStore.builder(agentDb, embeddingModel)
                .collection(properties.getCollectionName())
                .initializeSchema(properties.isInitializeSchema())
                .observationRegistry(observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP))
                .customObservationConvention(customObservationConvention.getIfAvailable(() -> null))
                .batchingStrategy(batchingStrategy);
        Metric metric = properties.metricOrNull();
        if (metric != null) {
            builder.metric(metric);
        }
        if (properties.getDimension() != null) {
            builder.dimension(properties.getDimension());
        }
        return builder.build();
    }
}
