package dev.agentdb.springai.autoconfigure;

import dev.agentdb.InvalidInputException;
import dev.agentdb.Metric;
import dev.agentdb.springai.AgentDbVectorStore;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code spring.ai.vectorstore.agentdb.*} properties: which collection of the application's
 * {@link dev.agentdb.AgentDB} bean the Spring AI vector store uses, and whether it is created.
 *
 * <pre>{@code
 * spring.ai.vectorstore.agentdb.collection-name=docs
 * spring.ai.vectorstore.agentdb.initialize-schema=true
 * spring.ai.vectorstore.agentdb.dimension=384      # default: the embedding model's
 * spring.ai.vectorstore.agentdb.metric=cosine      # l2, inner_product
 * }</pre>
 */
@ConfigurationProperties(prefix = AgentDbVectorStoreProperties.PREFIX)
public class AgentDbVectorStoreProperties {
    /** The prefix of every property. */
    public static final String PREFIX = "spring.ai.vectorstore.agentdb";

    /** Name of the AgentDB collection holding the documents. */
    private String collectionName = AgentDbVectorStore.DEFAULT_COLLECTION_NAME;
    /** Embedding dimension of the collection; default: the embedding model's. */
    private Integer dimension;
    /** How embeddings are compared: cosine (the default when creating), l2 (euclidean) or inner_product (dot). */
    private String metric;
    /** Whether the collection is created at start-up when missing; otherwise it must exist. */
    private boolean initializeSchema;

    /** @return the collection name; default {@value AgentDbVectorStore#DEFAULT_COLLECTION_NAME} */
    public String getCollectionName() {
        return collectionName;
    }

    /** @param collectionName the collection name (checked when the store is created) */
    public void setCollectionName(String collectionName) {
        this.collectionName = collectionName;
    }

    /** @return the dimension, or null for the embedding model's */
    public Integer getDimension() {
        return dimension;
    }

    /** @param dimension the embedding dimension, 1 to {@value dev.agentdb.Limits#MAX_DIMENSION} */
    public void setDimension(Integer dimension) {
        this.dimension = dimension;
    }

    /** @return the metric name, or null for cosine when creating and any when opening */
    public String getMetric() {
        return metric;
    }

    /** @param metric a metric name accepted by {@link Metric#fromString(String)} */
    public void setMetric(String metric) {
        this.metric = metric;
    }

    /** @return whether the collection is created when missing; default false (Spring AI's default) */
    public boolean isInitializeSchema() {
        return initializeSchema;
    }

    /** @param initializeSchema whether the collection is created when missing */
    public void setInitializeSchema(boolean initializeSchema) {
        this.initializeSchema = initializeSchema;
    }

    /**
     * @return the configured metric, or null when none is set
     * @throws InvalidInputException naming {@code spring.ai.vectorstore.agentdb.metric} for an unknown name
     */
    public Metric metricOrNull() {
        if (metric == null) {
            return null;
        }
        try {
            return Metric.fromString(metric);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(PREFIX + ".metric", "unknown metric '" + metric + "'; expected one of cosine, l2, inner_product");
        }
    }
}
