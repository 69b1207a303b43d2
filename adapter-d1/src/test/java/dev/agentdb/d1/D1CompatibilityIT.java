package dev.agentdb.d1;

import dev.agentdb.compat.AgentDBCompatibilitySuite;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole compatibility kit on the D1 emulator of {@code AGENTDB_TEST_D1_URL} ({@code scripts/backends.sh start d1}:
 * Miniflare's workerd with real D1 bindings behind Cloudflare's REST API shape), one fresh database per test.
 * Tests of capabilities the adapter does not declare (transactions, read-only opens, IVFFLAT) are reported as skipped.
 */
class D1CompatibilityIT extends AgentDBCompatibilitySuite {
    @RegisterExtension
    static final D1TestSupport SUPPORT = D1TestSupport.create();

    @Override
    protected String newDatabaseUrl() {
        return SUPPORT.newDatabaseUrl();
    }
}
