package dev.agentdb.compat;

import java.util.UUID;

/**
 * Runs the whole kit against {@link dev.agentdb.compat.reference.InMemoryReferenceAdapter}, an exact
 * brute-force adapter: it checks that the kit's expectations are self-consistent before a real
 * backend relies on them. {@code memref:} URLs reach it through the provider that this module's test
 * resources register with {@code ServiceLoader}.
 */
class InMemoryReferenceCompatibilityTest extends AgentDBCompatibilitySuite {
    @Override
    protected String newDatabaseUrl() {
        return "memref:" + UUID.randomUUID();
    }
}
