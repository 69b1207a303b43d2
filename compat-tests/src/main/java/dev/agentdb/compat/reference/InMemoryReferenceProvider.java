package dev.agentdb.compat.reference;

import dev.agentdb.AgentDBConfig;
import dev.agentdb.spi.AdapterProvider;
import dev.agentdb.spi.DatabaseAdapter;

import java.net.URI;
import java.util.Set;

/**
 * Opens {@link InMemoryReferenceAdapter} for {@code memref:} URLs: the skeleton of a provider. A
 * provider names its backend, lists its schemes (for the message that lists what is available),
 * answers {@link #handles(URI)} for its URLs only, and creates an open adapter.
 *
 * <p>{@link java.util.ServiceLoader} finds providers listed in
 * {@code META-INF/services/dev.agentdb.spi.AdapterProvider}. An adapter module lists its provider
 * there in {@code src/main/resources}; this kit does not (see {@link InMemoryReferenceAdapter}): its
 * own tests list this class in {@code src/test/resources}, and so may any test that wants
 * {@code memref:} URLs.
 */
public final class InMemoryReferenceProvider implements AdapterProvider {
    /** The URL scheme this provider claims. */
    public static final String SCHEME = "memref";

    /** Required by {@link java.util.ServiceLoader}. */
    public InMemoryReferenceProvider() {
    }

    @Override
    public dev.agentdb.BackendType backendType() {
        return InMemoryReferenceAdapter.BACKEND;
    }

    @Override
    public Set<String> schemes() {
        return Set.of(SCHEME);
    }

    @Override
    public boolean handles(URI url) {
        return SCHEME.equalsIgnoreCase(url.getScheme());
    }

    @Override
    public DatabaseAdapter create(AgentDBConfig config) {
        return new InMemoryReferenceAdapter(config);
    }
}
