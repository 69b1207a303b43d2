package dev.agentdb.compat;

import dev.agentdb.AgentDB;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.compat.reference.InMemoryReferenceAdapter;

import java.util.UUID;

/**
 * Part of the kit, as an adapter's author runs it while writing the adapter: the fixture and two
 * contracts, with the adapter wired explicitly (no {@code ServiceLoader} registration needed).
 */
class InMemoryReferenceCrudAndFilterTest extends AgentDBFixture implements CrudContract, FilterContract {
    @Override
    protected String newDatabaseUrl() {
        return "memref:" + UUID.randomUUID();
    }

    @Override
    protected AgentDB open(String url) {
        return AgentDB.builder().adapter(new InMemoryReferenceAdapter(AgentDBConfig.of(url))).build();
    }
}
