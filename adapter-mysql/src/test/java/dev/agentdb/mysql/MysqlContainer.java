package dev.agentdb.mysql;

import org.testcontainers.containers.MySQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The opt-in Testcontainers server of {@link MysqlContainerCompatibilityIT}: {@value #IMAGE} (MySQL
 * Community 8.4 LTS, which has no Debian 12 package), started at most once per JVM on the first call
 * of {@link #url()} and stopped by Testcontainers when the JVM exits. Only that test refers to this
 * class, and only when a Docker engine answers; otherwise no Testcontainers class is loaded.
 */
final class MysqlContainer {
    /** The image: MySQL Community 8.4 LTS. */
    static final String IMAGE = "mysql:8.4";

    private static MySQLContainer<?> container;

    private MysqlContainer() {
    }

    /**
     * @return an AgentDB URL of the container's database as root (the kit creates a database per test)
     * @throws RuntimeException from Testcontainers when the image cannot be pulled or started
     */
    static synchronized String url() {
        if (container == null) {
            MySQLContainer<?> c = new MySQLContainer<>(DockerImageName.parse(IMAGE)).withUsername("root").withPassword("agentpw");
            c.start();
            container = c;
        }
        return "mysql://root:agentpw@" + container.getHost() + ":" + container.getMappedPort(MySQLContainer.MYSQL_PORT) + "/"
                + container.getDatabaseName() + "?allowPublicKeyRetrieval=true";
    }
}
