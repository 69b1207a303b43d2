package dev.agentdb.spi;

import dev.agentdb.AgentDBConfig;

import java.net.URI;
import java.util.Set;

/**
 * Creates adapters for the URLs it recognises. Implementations are found with
 * {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/dev.agentdb.spi.AdapterProvider}) and must have a public no-argument
 * constructor.
 *
 * <p>When several providers handle a URL, the one with the highest {@link #priority()} wins; two at
 * the same highest priority is a configuration error reported with both names.
 */
@dev.agentdb.Beta
public interface AdapterProvider {
    /** @return the backend family its adapters talk to, e.g. {@link dev.agentdb.BackendType#SQLITE} */
    dev.agentdb.BackendType backendType();

    /** @return the URL schemes this provider claims, for the message listing what is available, e.g. {@code [sqlite, jdbc:sqlite]} */
    Set<String> schemes();

    /**
     * @param url the configured URL (opaque URIs such as {@code sqlite::memory:} included)
     * @return whether this provider can open it
     */
    boolean handles(URI url);

    /** @return the provider's priority; higher wins among providers that handle the same URL. Default 0. */
    default int priority() {
        return 0;
    }

    /**
     * Opens an adapter: connects, and migrates the schema when {@link AgentDBConfig#autoMigrate()} is on.
     *
     * @param config the validated configuration
     * @return an open adapter, owned by the caller (close it)
     * @throws dev.agentdb.BackendUnavailableException when the backend cannot be reached or opened
     * @throws dev.agentdb.InvalidInputException when the URL is malformed for this backend
     */
    DatabaseAdapter create(AgentDBConfig config);
}
