package dev.agentdb.mysql;

import dev.agentdb.AgentDBConfig;
import dev.agentdb.BackendType;
import dev.agentdb.mysql.internal.MysqlUrl;
import dev.agentdb.spi.AdapterProvider;
import dev.agentdb.spi.DatabaseAdapter;

import java.net.URI;
import java.util.Set;

/**
 * Opens {@link MysqlAdapter}s for {@code mysql://}, {@code mariadb://}, {@code jdbc:mysql://} and
 * {@code jdbc:mariadb://} URLs. Registered for {@link java.util.ServiceLoader} in
 * {@code META-INF/services/dev.agentdb.spi.AdapterProvider}.
 */
public final class MysqlAdapterProvider implements AdapterProvider {

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public MysqlAdapterProvider() {
    }

    /** @return {@link BackendType#MYSQL} */
    @Override
    public BackendType backendType() {
        return BackendType.MYSQL;
    }

    /** @return {@code [mysql, mariadb, jdbc:mysql, jdbc:mariadb]} */
    @Override
    public Set<String> schemes() {
        return Set.of("mysql", "mariadb", "jdbc:mysql", "jdbc:mariadb");
    }

    /**
     * @param url the configured URL
     * @return whether it is a MySQL or MariaDB URL in one of the accepted forms
     */
    @Override
    public boolean handles(URI url) {
        return url != null && MysqlUrl.isMysqlUrl(url.toString());
    }

    /**
     * @param config the validated configuration
     * @return an open adapter (schema migrated when {@link AgentDBConfig#autoMigrate()})
     * @throws dev.agentdb.BackendUnavailableException when the server cannot be reached
     * @throws dev.agentdb.InvalidInputException when the URL is malformed
     * @throws dev.agentdb.ConflictException when the stored schema is newer than this library supports
     */
    @Override
    public DatabaseAdapter create(AgentDBConfig config) {
        return MysqlAdapter.open(config);
    }
}
