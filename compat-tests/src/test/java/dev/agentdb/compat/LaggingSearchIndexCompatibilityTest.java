package dev.agentdb.compat;

import dev.agentdb.AgentDB;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.VectorCollection;
import dev.agentdb.spi.LaggingSearchAdapter;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the whole kit against {@link LaggingSearchAdapter}, whose searches see writes only once
 * {@link #awaitSearchable} publishes them: every contract must call the hook after writing and
 * before relying on search, and pass the number of records the collection then holds.
 */
class LaggingSearchIndexCompatibilityTest extends AgentDBCompatibilitySuite {
    @Override
    protected String newDatabaseUrl() {
        return "memlag:" + UUID.randomUUID();
    }

    @Override
    protected AgentDB open(String url) {
        return AgentDB.builder().adapter(new LaggingSearchAdapter(url)).build();
    }

    @Override
    protected AgentDB openReadOnly(String url) {
        return AgentDB.builder().adapter(new LaggingSearchAdapter(AgentDBConfig.builder(url).readOnly(true).build())).build();
    }

    @Override
    public void awaitSearchable(VectorCollection collection, long expectedCount) {
        long published = ((LaggingSearchAdapter) db().adapter()).publish(collection.name());
        assertThat(published).as("records of '%s' made searchable; the kit expected %d", collection.name(), expectedCount)
                .isEqualTo(expectedCount);
    }
}
