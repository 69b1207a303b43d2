package dev.agentdb.d1;

import dev.agentdb.AgentDBConfig;
import dev.agentdb.BackendType;
import dev.agentdb.d1.internal.D1Shards;
import dev.agentdb.d1.internal.D1Url;
import dev.agentdb.spi.AdapterProvider;
import dev.agentdb.spi.DatabaseAdapter;

import java.net.URI;
import java.util.Set;

/**
 * Opens {@link D1Adapter}s for {@code d1://} URLs. Registered for {@link java.util.ServiceLoader} in
 * {@code META-INF/services/dev.agentdb.spi.AdapterProvider}.
 */
public final class D1AdapterProvider implements AdapterProvider {

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public D1AdapterProvider() {
    }

    /** @return {@link BackendType#D1} */
    @Override
    public BackendType backendType() {
        return BackendType.D1;
    }

    /** @return {@code [d1]} */
    @Override
    public Set<String> schemes() {
        return Set.of(D1Url.SCHEME);
    }

    /**
     * @param url the configured URL
     * @return whether it is a {@code d1://} URL
     */
    @Override
    public boolean handles(URI url) {
        return url != null && D1Url.isD1Url(url.toString());
    }

    /**
     * @param config the validated configuration
     * @return an open adapter (schema migrated when {@link AgentDBConfig#autoMigrate()}): a {@link D1Adapter}, or for a
     *         URL listing several databases ({@code d1://ACCOUNT_ID/DB1,DB2,DB3}) a
     *         {@link dev.agentdb.sharding.ShardedAdapter} over one per database
     * @throws dev.agentdb.BackendUnavailableException when the API cannot be reached, refuses the token or does not
     *         know the database
     * @throws dev.agentdb.InvalidInputException when the URL is malformed (or lists a database twice)
     * @throws dev.agentdb.ReadOnlyException when opened read-only and the schema needs an upgrade
     * @throws dev.agentdb.ConflictException when the stored schema is newer than this library supports
     */
    @Override
    public DatabaseAdapter create(AgentDBConfig config) {
        return D1Shards.open(config);
    }
}
