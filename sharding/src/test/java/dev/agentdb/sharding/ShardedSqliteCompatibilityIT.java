package dev.agentdb.sharding;

import dev.agentdb.AgentDB;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.compat.AgentDBCompatibilitySuite;
import dev.agentdb.internal.AdapterRegistry;
import dev.agentdb.spi.DatabaseAdapter;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The whole compatibility kit on one logical database sharded over three SQLite files: what the
 * sharding layer adds (placement, fan-out, merging of counts, scans, finds and searches, the
 * all-or-nothing insert batch across shards) checked against the same contracts as every backend.
 */
class ShardedSqliteCompatibilityIT extends AgentDBCompatibilitySuite {
    static final int SHARDS = 3;

    @TempDir
    Path dir;

    /** @return a folder of its own; the shards are three SQLite files in it */
    @Override
    protected String newDatabaseUrl() {
        return dir.resolve(UUID.randomUUID().toString()).toString();
    }

    @Override
    protected AgentDB open(String url) {
        return open(url, false);
    }

    @Override
    protected AgentDB openReadOnly(String url) {
        return open(url, true);
    }

    static AgentDB open(String folder, boolean readOnly) {
        Map<String, DatabaseAdapter> shards = new LinkedHashMap<>();
        try {
            for (int i = 0; i < SHARDS; i++) {
                String url = "sqlite:" + folder + "-shard" + i + ".db";
                shards.put("shard" + i, AdapterRegistry.open(AgentDBConfig.builder(url).readOnly(readOnly).build()));
            }
        } catch (RuntimeException e) {
            shards.values().forEach(DatabaseAdapter::close);
            throw e;
        }
        AgentDBConfig config = AgentDBConfig.builder("sqlite:" + folder + "-shard0.db").readOnly(readOnly).build();
        return AgentDB.builder().adapter(new ShardedAdapter(config, shards)).build();
    }

    /** A fifth of the bad-input corpus: inputs are validated before any shard is asked, and the SQLite kit runs all of them. */
    @Override
    public int corpusInputs() {
        return Integer.getInteger(INPUTS_PROPERTY, DEFAULT_INPUTS / 5);
    }
}
