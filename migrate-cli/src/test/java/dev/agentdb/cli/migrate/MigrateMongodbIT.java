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

        Cli.Result there = Cli.run("migrate", "--from", src, "--to", mongo, "--batch-size", "100");
        assertThat(there.exitCode()).as(there.toString()).isZero();
        assertThat(there.out()).contains("'docs': 452 row(s) copied").contains("Validation passed.");
        assertThat(there.err()).contains("the target has no transactions");
        MigrateFixtures.assertSameData(src, mongo, "vectors", "docs", "dots");

        Cli.Result onward = Cli.run("migrate", "--from", mongo, "--to", postgres, "--batch-size", "128");
        assertThat(onward.exitCode()).as(onward.toString()).isZero();
        assertThat(onward.out()).contains("'docs': 452 row(s) copied").contains("Validation passed.");
        MigrateFixtures.assertSameData(src, postgres, "vectors", "docs", "dots");

        Cli.Result home = Cli.run("migrate", "--from", postgres, "--to", back, "--batch-size", "64");
        assertThat(home.exitCode()).as(home.toString()).isZero();
        assertThat(home.out()).contains("valid: 452 rows").contains("Validation passed.");
        MigrateFixtures.assertSameData(src, back, "vectors", "docs", "dots");
    }
}
