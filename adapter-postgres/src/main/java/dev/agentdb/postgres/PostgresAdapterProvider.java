package dev.agentdb.postgres;

import dev.agentdb.BackendType;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.postgres.internal.PostgresUrl;
import dev.agentdb.spi.AdapterProvider;
import dev.agentdb.spi.DatabaseAdapter;

import java.net.URI;
import java.util.Set;

/**
 * Opens {@link PostgresAdapter}s for {@code postgresql://}, {@code postgres://} and
 * {@code jdbc:postgresql://} URLs (see {@link PostgresAdapter} for the accepted forms). Registered
 * for {@link java.util.ServiceLoader} in {@code META-INF/services/dev.agentdb.spi.AdapterProvider}.
 */
public final class PostgresAdapterProvider implements AdapterProvider {

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public PostgresAdapterProvider() {
    }

    /** @return {@link BackendType#POSTGRES} */
    @Override
    public BackendType backendType() {
        return BackendType.POSTGRES;
    }

    /** @return {@code [postgresql, postgres, jdbc:postgresql]} */
    @Override
    public Set<String> schemes() {
        return Set.of("postgresql", "postgres", "jdbc:postgresql");
    }

    /**
     * @param url the configured URL
     * @return whether it is a PostgreSQL URL in one of the accepted forms
     */
    @Override
    public boolean handles(URI url) {
        return url != null && PostgresUrl.isPostgresUrl(url.toString());
    }

    /**
     * @param config the validated configuration
     * @return an open adapter (schema migrated when {@link AgentDBConfig#autoMigrate()})
     * @throws dev.agentdb.BackendUnavailableException when the server cannot be reached or pgvector is missing
     * @throws dev.agentdb.InvalidInputException when the URL is malformed
     * @throws dev.agentdb.ConflictException when the stored schema is newer than this library supports
     */
    @Override
    public DatabaseAdapter create(AgentDBConfig config) {
        return PostgresAdapter.open(config);
    }
}
