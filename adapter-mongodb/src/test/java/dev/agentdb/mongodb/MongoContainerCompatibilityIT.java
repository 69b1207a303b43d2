package dev.agentdb.mongodb;

import dev.agentdb.compat.AgentDBCompatibilitySuite;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole compatibility kit on a real MongoDB, opt-in: with {@code AGENTDB_TEST_MONGODB_REAL_URL}
 * (any MongoDB deployment, e.g. {@code mongodb://127.0.0.1:27017/agentdb?replicaSet=rs0}), else in a
 * {@value MongoContainer#IMAGE} container (a single-node replica set) when a Docker engine answers,
 * else skipped with a message (also under {@code CI=true}: no {@code mongod} package exists for the
 * machines the test command runs on, so this path is never required there). On a replica set the
 * adapter declares {@code TRANSACTIONS}, so the kit's transaction contract runs here (and only here).
 */
class MongoContainerCompatibilityIT extends AgentDBCompatibilitySuite {
    @RegisterExtension
    static final MongoTestSupport SUPPORT = MongoTestSupport.optional("MONGODB_REAL", MongoContainerCompatibilityIT::containerUrl);

    /** A separate method so that {@link MongoContainer} (and Testcontainers) loads only when called. */
    static String containerUrl() {
        return MongoContainer.url();
    }

    @Override
    protected String newDatabaseUrl() {
        return SUPPORT.newDatabaseUrl();
    }
}
