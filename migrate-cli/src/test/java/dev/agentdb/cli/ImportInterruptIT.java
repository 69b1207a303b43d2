package dev.agentdb.cli;

import dev.agentdb.AgentDB;
import dev.agentdb.VectorCollection;
import dev.agentdb.cli.testing.Cli;
import dev.agentdb.cli.testing.Sigterm;
import dev.agentdb.cli.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ctrl-C during {@code agentdb import} (issue 9, finding 8): a forked JVM importing
 * {@value #RECORDS} records in batches of {@value #BATCH} gets SIGTERM (handled like Ctrl-C) once a
 * batch is stored; it stops after the current batch with exit code 5, prints how many records were
 * stored and the command that continues, and that command imports the rest without a duplicate.
 */
class ImportInterruptIT {
    private static final int RECORDS = 100_000;
    private static final int BATCH = 10;

    @TempDir
    Path dir;

    @Test
    void should_print_the_records_stored_and_the_command_that_continues_and_exit_5_on_sigterm() throws Exception {
        List<String> lines = new ArrayList<>(RECORDS);
        for (int i = 0; i < RECORDS; i++) {
            lines.add("{\"id\":\"r" + String.format("%06d", i) + "\",\"vector\":[" + (i % 97) + ",1," + (i % 13) + ",2],"
                    + "\"metadata\":{\"i\":" + i + "}}");
        }
        Path file = TestFiles.lines(dir.resolve("big.jsonl"), lines);
        Path db = dir.resolve("import.db");
        String url = "sqlite:" + db;

        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), AgentDbCli.class.getName(), "import", "--db", url,
                "--collection", AgentDB.DEFAULT_COLLECTION, "--batch-size", Integer.toString(BATCH), "--no-progress",
                file.toString()).redirectErrorStream(true).start();
        String printed = Sigterm.once(p, () -> rows(db) > 0, "batch stored");

        assertThat(p.exitValue()).as(printed).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(printed).contains("Stopping after the current batch").contains("Continue with:");
        Matcher stored = Pattern.compile("Interrupted: ([\\d,]+) record\\(s\\) stored in 'vectors' by this run \\(records 1 to ([\\d,]+) of ")
                .matcher(printed);
        assertThat(stored.find()).as(printed).isTrue();
        long n = Long.parseLong(stored.group(1).replace(",", ""));
        assertThat(n).isPositive().isLessThan(RECORDS).isEqualTo(Long.parseLong(stored.group(2).replace(",", "")));
        assertThat(n % BATCH).as("whole batches only").isZero();
        assertThat(count(url)).as("records in the database after the interruption").isEqualTo(n);

        Matcher command = Pattern.compile("\\n  agentdb (import .* --skip " + n + " .*)\\n").matcher(printed);
        assertThat(command.find()).as(printed).isTrue();
        Cli.Result rest = Cli.run(command.group(1).split(" "));

        assertThat(rest.exitCode()).as(rest.toString()).isZero();
        assertThat(rest.out()).contains(String.format("Imported %,d record(s)", RECORDS - n));
        try (AgentDB d = AgentDB.open(url)) {
            VectorCollection c = d.defaultCollection();
            assertThat(c.count()).isEqualTo(RECORDS);
            assertThat(c.get("r000000")).isPresent();
            assertThat(c.get(String.format("r%06d", n))).isPresent();
            assertThat(c.get(String.format("r%06d", RECORDS - 1)).orElseThrow().metadata()).containsEntry("i", (long) RECORDS - 1);
        }
    }


    /** Rows of the v1 table, read with plain JDBC (no AgentDB open while the child writes); 0 before it exists. */
    private static long rows(Path db) {
        if (!db.toFile().exists()) {
            return 0;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db + "?open_mode=1"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM vectors")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            return 0; // not created yet, or busy: poll again
        }
    }

    private static long count(String url) {
        try (AgentDB d = AgentDB.open(url)) {
            return d.defaultCollection().count();
        }
    }
}
