package dev.agentdb.cli.migrate;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionStats;
import dev.agentdb.cli.testing.Cli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code agentdb migrate} SQLite to MariaDB 11.8 ({@code AGENTDB_TEST_MARIADB11_URL}), MariaDB to
 * PostgreSQL ({@code AGENTDB_TEST_POSTGRES_URL}) and PostgreSQL back to SQLite: every row, spec,
 * checksum and exact search equal at each step. The MariaDB database and the PostgreSQL schema are
 * fresh ones, dropped afterwards. (Kills and {@code --resume} into MariaDB: {@link MigrateCrashResumeIT}.)
 */
class MigrateMariadbIT {
    @TempDir
    Path dir;

    private String maria;
    private String postgres;

    @AfterEach
    void drop() {
        MigrateFixtures.dropTarget(maria);
        MigrateFixtures.dropTarget(postgres);
    }

    @Test
    void should_round_trip_sqlite_to_mariadb_to_postgres_to_sqlite_exactly() {
        String src = MigrateFixtures.mixedSource(dir.resolve("source.db"));
        maria = MigrateFixtures.freshMariadb();
        postgres = MigrateFixtures.freshPostgres();
        String back = "sqlite:" + dir.resolve("back.db");

        Cli.Result there = Cli.run("migrate", "--from", src, "--to", maria, "--batch-size", "100");
        assertThat(there.exitCode()).as(there.toString()).isZero();
        assertThat(there.out()).contains("'docs': 452 row(s) copied").contains("Validation passed.");
        MigrateFixtures.assertSameData(src, maria, "vectors", "docs", "dots");
        try (AgentDB m = AgentDB.open(maria)) { // created FLAT, loaded, then indexed by MariaDB in one pass
            assertThat(m.collection("docs").stats().indexImplementation()).isEqualTo(CollectionStats.MARIADB_VECTOR);
            assertThat(m.collection("vectors").stats().indexImplementation()).isEqualTo(CollectionStats.MARIADB_VECTOR);
            assertThat(m.collection("dots").stats().indexImplementation()).as("inner product, FLAT").isEqualTo(CollectionStats.NONE);
        }

        Cli.Result onward = Cli.run("migrate", "--from", maria, "--to", postgres, "--batch-size", "128");
        assertThat(onward.exitCode()).as(onward.toString()).isZero();
        assertThat(onward.out()).contains("'docs': 452 row(s) copied").contains("Validation passed.");
        MigrateFixtures.assertSameData(src, postgres, "vectors", "docs", "dots");

        Cli.Result home = Cli.run("migrate", "--from", postgres, "--to", back, "--batch-size", "64");
        assertThat(home.exitCode()).as(home.toString()).isZero();
        assertThat(home.out()).contains("valid: 452 rows").contains("Validation passed.");
        MigrateFixtures.assertSameData(src, back, "vectors", "docs", "dots");
    }
}
