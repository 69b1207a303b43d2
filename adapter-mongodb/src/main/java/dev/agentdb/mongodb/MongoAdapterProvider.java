package dev.agentdb.mongodb;

import dev.agentdb.AgentDBConfig;
import dev.agentdb.BackendType;
import dev.agentdb.mongodb.internal.MongoUrl;
import dev.agentdb.spi.AdapterProvider;
import dev.agentdb.spi.DatabaseAdapter;

import java.net.URI;
import java.util.Set;

/**
 * Opens {@link MongoAdapter}s for {@code mongodb://} and {@code mongodb+srv://} URLs. Registered for
 * {@link java.util.ServiceLoader} in {@code META-INF/services/dev.agentdb.spi.AdapterProvider}.
 */
public final class MongoAdapterProvider implements AdapterProvider {

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public MongoAdapterProvider() {
    }

    /** @return {@link BackendType#MONGODB} */
    @Override
    public BackendType backendType() {
        return BackendType.MONGODB;
    }

    /** @return {@code [mongodb, mongodb+srv]} */
    @Override
    public Set<String> schemes() {
        return Set.of("mongodb", "mongodb+srv");
    }

    /**
     * @param url the configured URL
     * @return whether it is a {@code mongodb://} or {@code mongodb+srv://} URL
     */
    @Override
    public boolean handles(URI url) {
        return url != null && MongoUrl.isMongoUrl(url.toString());
    }

    /**
     * @param config the validated configuration
     * @return an open adapter (schema migrated when {@link AgentDBConfig#autoMigrate()})
     * @throws dev.agentdb.BackendUnavailableException when the deployment cannot be reached
     * @throws dev.agentdb.InvalidInputException when the URL is malformed or names no database
     * @throws dev.agentdb.UnsupportedFeatureException when the configuration asks for a read-only open
     * @throws dev.agentdb.ConflictException when the stored schema is newer than this library supports
     */
    @Override
    public DatabaseAdapter create(AgentDBConfig config) {
        return MongoAdapter.open(config);
    }
}
