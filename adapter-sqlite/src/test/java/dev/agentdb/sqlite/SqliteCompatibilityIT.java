package dev.agentdb.sqlite;

import dev.agentdb.compat.AgentDBCompatibilitySuite;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.UUID;

/** Runs the whole compatibility kit against SQLite files. */
class SqliteCompatibilityIT extends AgentDBCompatibilitySuite {
    @TempDir
    Path dir;

    @Override
    protected String newDatabaseUrl() {
        return "sqlite:" + dir.resolve(UUID.randomUUID() + ".db");
    }
}
