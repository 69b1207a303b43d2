package dev.agentdb.sqlite;

import dev.agentdb.BackendType;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.spi.AdapterProvider;
import dev.agentdb.spi.DatabaseAdapter;
import dev.agentdb.sqlite.internal.SqliteUrl;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Opens {@link SqliteAdapter}s for {@code sqlite:./agent.db}, {@code sqlite:/abs/path.db},
 * {@code sqlite::memory:} and the same URLs with a {@code jdbc:} prefix
 * ({@code jdbc:sqlite:./agent.db}). Registered for {@link java.util.ServiceLoader} in
 * {@code META-INF/services/dev.agentdb.spi.AdapterProvider}.
 */
public final class SqliteAdapterProvider implements AdapterProvider {

    /** Creates the provider (ServiceLoader needs a public no-argument constructor). */
    public SqliteAdapterProvider() {
    }

    /** @return {@link BackendType#SQLITE} */
    @Override
    public BackendType backendType() {
        return BackendType.SQLITE;
    }

    /** @return {@code [sqlite, jdbc:sqlite]} */
    @Override
    public Set<String> schemes() {
        return Set.of("sqlite", "jdbc:sqlite");
    }

    /**
     * @param url a URL; null gives false
     * @return whether its scheme is {@code sqlite}, or {@code jdbc} followed by {@code sqlite:}
     */
    @Override
    public boolean handles(URI url) {
        if (url == null || url.getScheme() == null) {
            return false;
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("sqlite")) {
            return true;
        }
        String rest = url.getRawSchemeSpecificPart();
        return scheme.equals("jdbc") && rest != null && rest.toLowerCase(Locale.ROOT).startsWith("sqlite:");
    }

    /**
     * @param config a configuration whose URL this provider handles
     * @return an open, migrated (when {@code autoMigrate}) adapter
     * @throws dev.agentdb.InvalidInputException when the URL names no database
     * @throws dev.agentdb.BackendUnavailableException when the file cannot be opened
     * @throws dev.agentdb.ConflictException when the file was written by a newer schema version
     */
    @Override
    public DatabaseAdapter create(AgentDBConfig config) {
        SqliteUrl.parse(config.url());
        return new SqliteAdapter(config);
    }
}
