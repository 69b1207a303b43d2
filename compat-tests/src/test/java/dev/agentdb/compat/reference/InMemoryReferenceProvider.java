package dev.agentdb.compat.reference;

import dev.agentdb.AgentDBConfig;
import dev.agentdb.spi.AdapterProvider;
import dev.agentdb.spi.DatabaseAdapter;

import java.net.URI;
import java.util.Set;

/** Provides {@link InMemoryReferenceAdapter} for {@code memref:} URLs; test infrastructure of the kit. */
public final class InMemoryReferenceProvider implements AdapterProvider {
    /** Required by {@link java.util.ServiceLoader}. */
    public InMemoryReferenceProvider() {
    }

    @Override
    public String name() {
        return "memref";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("memref");
    }

    @Override
    public boolean handles(URI url) {
        return "memref".equalsIgnoreCase(url.getScheme());
    }

    @Override
    public DatabaseAdapter create(AgentDBConfig config) {
        return new InMemoryReferenceAdapter(config);
    }
}
