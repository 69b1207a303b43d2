package dev.agentdb.mongodb;

import org.testcontainers.mongodb.MongoDBAtlasLocalContainer;

/**
 * The opt-in Testcontainers server of {@link MongoAtlasVectorSearchIT}: {@value #IMAGE} (a MongoDB with
 * {@code mongot}: {@code $vectorSearch} and search index management), started at most once per JVM on
 * the first call of {@link #url()} and stopped by Testcontainers when the JVM exits. Only that test
 * refers to this class, and only when a Docker engine answers.
 */
final class MongoAtlasLocal {
    /** The image: MongoDB's Atlas local deployment. */
    static final String IMAGE = "mongodb/mongodb-atlas-local:8.0";

    private static MongoDBAtlasLocalContainer container;

    private MongoAtlasLocal() {
    }

    /**
     * @return an AgentDB URL of the container's database {@code agentdb}
     * @throws RuntimeException from Testcontainers when the image cannot be pulled or started
     */
    static synchronized String url() {
        if (container == null) {
            MongoDBAtlasLocalContainer c = new MongoDBAtlasLocalContainer(IMAGE);
            c.start();
            container = c;
        }
        String cs = container.getConnectionString(); // mongodb://host:port/?directConnection=true
        int query = cs.indexOf('?');
        String base = query < 0 ? cs : cs.substring(0, query);
        return (base.endsWith("/") ? base : base + "/") + "agentdb" + (query < 0 ? "" : cs.substring(query));
    }
}
