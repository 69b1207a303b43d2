package dev.agentdb.mongodb;

import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The opt-in Testcontainers server of {@link MongoContainerCompatibilityIT}: {@value #IMAGE} as a
 * single-node replica set (Testcontainers' {@link MongoDBContainer} initiates one, so the deployment
 * has transactions), started at most once per JVM on the first call of {@link #url()} and stopped by
 * Testcontainers when the JVM exits. Only that test refers to this class, and only when a Docker
 * engine answers; otherwise no Testcontainers class is loaded.
 */
final class MongoContainer {
    /** The image: MongoDB Community 8. */
    static final String IMAGE = "mongo:8";

    private static MongoDBContainer container;

    private MongoContainer() {
    }

    /**
     * @return an AgentDB URL of the container's database {@code agentdb} (the kit uses a database per test)
     * @throws RuntimeException from Testcontainers when the image cannot be pulled or started
     */
    static synchronized String url() {
        if (container == null) {
            MongoDBContainer c = new MongoDBContainer(DockerImageName.parse(IMAGE));
            c.start();
            container = c;
        }
        return container.getReplicaSetUrl("agentdb");
    }
}
