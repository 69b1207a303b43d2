package dev.agentdb.mongodb;

import dev.agentdb.compat.AgentDBCompatibilitySuite;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole compatibility kit on the MongoDB-protocol server of {@code AGENTDB_TEST_MONGODB_URL}
 * (the mongo-java-server stand-in of {@code scripts/backends.sh}: standalone, no transactions), the
 * in-house HNSW index, one fresh database per test. The read-only contract runs ({@code READ_ONLY});
 * tests of capabilities the adapter does not declare there (transactions: the stand-in is standalone,
 * raw SQL, IVFFLAT) are reported as skipped.
 */
class MongoCompatibilityIT extends AgentDBCompatibilitySuite {
    @RegisterExtension
    static final MongoTestSupport SUPPORT = MongoTestSupport.of("MONGODB");

    @Override
    protected String newDatabaseUrl() {
        return SUPPORT.newDatabaseUrl();
    }
}
