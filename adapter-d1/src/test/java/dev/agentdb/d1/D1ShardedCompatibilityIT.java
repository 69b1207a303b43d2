package dev.agentdb.d1;

import dev.agentdb.compat.AgentDBCompatibilitySuite;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole compatibility kit on one D1 database sharded over three emulator databases
 * ({@code d1://ACCOUNT/DB1,DB2,DB3}, fresh ones per test): placement by id, fan-out and exact merging
 * ({@link dev.agentdb.sharding.ShardedAdapter}) over D1 adapters talking to the REST API.
 */
class D1ShardedCompatibilityIT extends AgentDBCompatibilitySuite {
    @RegisterExtension
    static final D1TestSupport SUPPORT = D1TestSupport.sharded(3);

    @Override
    protected String newDatabaseUrl() {
        return SUPPORT.newDatabaseUrl();
    }

    /** A fifth of the bad-input corpus: inputs are validated before any shard is asked, and the D1 kit on one database runs all of them. */
    @Override
    public int corpusInputs() {
        return Integer.getInteger(INPUTS_PROPERTY, DEFAULT_INPUTS / 5);
    }
}
