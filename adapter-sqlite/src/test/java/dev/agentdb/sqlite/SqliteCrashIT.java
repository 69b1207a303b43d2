package dev.agentdb.sqlite;

import dev.agentdb.compat.crash.CrashCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process writing to a SQLite file is killed with SIGKILL {@value #KILLS} times (the soak command
 * {@code dev.agentdb.benchmarks.CrashSoak} does more); after each kill the file passes
 * {@code PRAGMA integrity_check} and {@link CrashCheck}'s checks: whole batches only, every record
 * readable, the index consistent with the rows, writing continues.
 */
class SqliteCrashIT {
    static final int KILLS = 25;

    @TempDir
    Path dir;

    @Test
    void should_keep_whole_batches_and_a_consistent_index_when_a_writer_is_killed() throws Exception {
        Path file = dir.resolve("crash.db");
        CrashCheck.Report report = CrashCheck.run("sqlite:" + file, "crash", KILLS, 20261206L, url -> integrityCheck(file));
        System.out.println("[sqlite crash] " + report);
        assertThat(report.kills).isEqualTo(KILLS);
        assertThat(report.killsDuring.keySet()).as("kills landed in writes of several kinds").hasSizeGreaterThanOrEqualTo(3);
    }

    private static void integrityCheck(Path file) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).as("PRAGMA integrity_check").isEqualTo("ok");
        } catch (SQLException e) {
            throw new AssertionError("integrity check of " + file + " failed: " + e.getMessage(), e);
        }
    }
}
