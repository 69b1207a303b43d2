package dev.agentdb.cli.migrate;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionStats;
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

        MigrateFixtures.migrateExactly(src, src, maria, 100, "'docs': 452 row(s) copied");
        try (AgentDB m = AgentDB.open(maria)) { // created FLAT, loaded, then indexed by MariaDB in one pass
            assertThat(m.collection("docs").stats().indexImplementation()).isEqualTo(CollectionStats.MARIADB_VECTOR);
            assertThat(m.collection("vectors").stats().indexImplementation()).isEqualTo(CollectionStats.MARIADB_VECTOR);
            assertThat(m.collection("dots").stats().indexImplementation()).as("inner product, FLAT").isEqualTo(CollectionStats.NONE);
        }

        MigrateFixtures.migrateExactly(src, maria, postgres, 128, "'docs': 452 row(s) copied");
        MigrateFixtures.migrateExactly(src, postgres, back, 64, "valid: 452 rows");
    }
}
