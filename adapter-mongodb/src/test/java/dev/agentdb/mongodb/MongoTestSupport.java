package dev.agentdb.mongodb;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.agentdb.compat.ServerDatabases;
import dev.agentdb.compat.TestBackends;

import java.util.List;
import java.util.function.Supplier;

/**
 * One MongoDB-protocol server of the integration tests ({@link ServerDatabases}: selected by the kit's
 * {@link TestBackends}, e.g. {@code AGENTDB_TEST_MONGODB_URL=mongodb://127.0.0.1:27018/agentdb}, the
 * stand-in that {@code scripts/backends.sh start mongodb} runs); each test database is a fresh one
 * (MongoDB creates it on first write), dropped after the class.
 */
final class MongoTestSupport extends ServerDatabases {
    private MongoTestSupport(String backend, Supplier<String> container, boolean optional) {
        super(backend, container, optional);
    }

    /**
     * @param backend the backend name of the variable, e.g. {@code MONGODB} for {@code AGENTDB_TEST_MONGODB_URL}
     * @return the support, without a container fallback
     */
    static MongoTestSupport of(String backend) {
        return new MongoTestSupport(backend, null, false);
    }

    /**
     * An opt-in server: skipped (never failed, also under {@code CI=true}) when the variable is unset
     * and no Docker engine answers.
     *
     * @param backend the backend name of the variable
     * @param container starts a container and returns its URL
     * @return the support
     */
    static MongoTestSupport optional(String backend, Supplier<String> container) {
        return new MongoTestSupport(backend, container, true);
    }

    @Override
    protected void create(String database) {
        // MongoDB creates a database on its first write
    }

    @Override
    protected void drop(List<String> databases) {
        try (MongoClient client = MongoClients.create(baseUrl())) {
            for (String db : databases) {
                client.getDatabase(db).drop();
            }
        }
    }
}
