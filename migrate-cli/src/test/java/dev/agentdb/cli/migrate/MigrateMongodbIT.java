package dev.agentdb.cli.migrate;

import dev.agentdb.cli.testing.Cli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code agentdb migrate} SQLite to MongoDB ({@code AGENTDB_TEST_MONGODB_URL}: a target without transactions, so
 * batches are upserted and then checkpointed), MongoDB to PostgreSQL ({@code AGENTDB_TEST_POSTGRES_URL}: MongoDB as
 * the source, which has no read-only connection) and PostgreSQL back to SQLite: every row, spec, checksum and exact
 * search equal at each step. The MongoDB database and the PostgreSQL schema are fresh ones, dropped afterwards.
 * (Kills and {@code --resume} into MongoDB: {@link MigrateCrashResumeIT}.)
 */
class MigrateMongodbIT {
    @TempDir
    Path dir;

    private String mongo;
    private String postgres;

    @AfterEach
    void drop() {
        MigrateFixtures.dropTarget(mongo);
        MigrateFixtures.dropTarget(postgres);
    }

    @Test
    void should_round_trip_sqlite_to_mongodb_to_postgres_to_sqlite_exactly() {
        String src = MigrateFixtures.mixedSource(dir.resolve("source.db"));
        mongo = MigrateFixtures.freshMongodb();
        postgres = MigrateFixtures.freshPostgres();
        String back = "sqlite:" + dir.resolve("back.db");

        Cli.Result there = MigrateFixtures.migrateExactly(src, src, mongo, 100, "'docs': 452 row(s) copied");
        assertThat(there.err()).contains("the target has no transactions");
        MigrateFixtures.migrateExactly(src, mongo, postgres, 128, "'docs': 452 row(s) copied");
        MigrateFixtures.migrateExactly(src, postgres, back, 64, "valid: 452 rows");
    }
}
