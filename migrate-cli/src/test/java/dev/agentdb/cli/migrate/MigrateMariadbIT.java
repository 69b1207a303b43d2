package dev.agentdb.cli.migrate;

import dev.agentdb.cli.testing.Cli;
import dev.agentdb.compat.TestBackends;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code agentdb migrate} SQLite to MariaDB 11.8 ({@code AGENTDB_TEST_MARIADB11_URL}) and back to
 * SQLite: every row, spec, checksum and exact search equal. The MariaDB database is a fresh one
 * ({@code createDatabaseIfNotExist}), dropped afterwards.
 */
class MigrateMariadbIT {
    @TempDir
    Path dir;

    private String database;

    /** @return the server URL with a new database name, created by the driver on first connect */
    private String freshMariadb() {
        String base = TestBackends.url("MARIADB11");
        byte[] b = new byte[6];
        new Random().nextBytes(b);
        database = "mig_" + HexFormat.of().formatHex(b);
        int q = base.indexOf('?');
        String head = q < 0 ? base : base.substring(0, q);
        String query = q < 0 ? "" : base.substring(q + 1) + "&";
        return head.substring(0, head.lastIndexOf('/') + 1) + database + "?" + query + "createDatabaseIfNotExist=true";
    }

    @AfterEach
    void dropDatabase() throws Exception {
        if (database == null) {
            return;
        }
        String base = TestBackends.url("MARIADB11");
        dev.agentdb.mysql.internal.MysqlUrl url = dev.agentdb.mysql.internal.MysqlUrl.parse(base);
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.driverProperties()); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + database + "`");
        }
    }

    @Test
    void should_round_trip_sqlite_to_mariadb_to_sqlite_exactly() {
        String src = MigrateFixtures.mixedSource(dir.resolve("source.db"));
        String maria = freshMariadb();
        String back = "sqlite:" + dir.resolve("back.db");

        Cli.Result there = Cli.run("migrate", "--from", src, "--to", maria, "--batch-size", "100");
        assertThat(there.exitCode()).as(there.toString()).isZero();
        assertThat(there.out()).contains("'docs': 452 row(s) copied").contains("Validation passed.");
        MigrateFixtures.assertSameData(src, maria, "vectors", "docs", "dots");

        Cli.Result home = Cli.run("migrate", "--from", maria, "--to", back, "--batch-size", "64");
        assertThat(home.exitCode()).as(home.toString()).isZero();
        assertThat(home.out()).contains("valid: 452 rows").contains("Validation passed.");
        MigrateFixtures.assertSameData(src, back, "vectors", "docs", "dots");
    }
}
