package dev.agentdb.cli.migrate;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionSpec;
import dev.agentdb.IndexParams;
import dev.agentdb.Metric;
import dev.agentdb.cli.AgentDbCli;
import dev.agentdb.cli.ExitCodes;
import dev.agentdb.cli.testing.Cli;
import dev.agentdb.compat.TestBackends;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crash safety of {@code agentdb migrate}: a forked JVM migrating 20,000 x 16 rows from SQLite to
 * PostgreSQL in batches of {@value #KILL_BATCH} is killed with SIGKILL ({@link Process#destroyForcibly()})
 * at random points, at least {@value #KILLS} times (most during the copy, some during the HNSW index
 * build that follows it), and resumed with {@code --resume} each time until a run finishes; and a
 * SIGTERM (handled like Ctrl-C) stops after the current batch with exit code 5. After every kill the
 * target's row count equals the rows its checkpoint names (a batch and its checkpoint commit
 * together); at the end counts and per-row checksums are exactly the source's and the index is the
 * source's.
 */
class MigrateCrashResumeIT {
    private static final int ROWS = 20_000;
    private static final int DIM = 16;
    private static final int KILLS = 20;
    /** Batch size of the kill test: 200 transactions, so that most kills land in the copy and some in the index build. */
    private static final int KILL_BATCH = 100;
    /** Batch size of the SIGTERM tests: 2,000 transactions, so that the copy is still running when the signal arrives. */
    private static final int SMALL_BATCH = 10;
    private static final long MIN_DELAY_MS = 300;
    private static final long MAX_DELAY_MS = 1_800;
    private static final long TOTAL_BUDGET_MS = 100_000;

    @TempDir
    static Path dir;

    private static String source;
    private String target;

    @BeforeAll
    static void source() {
        TestBackends.url("POSTGRES"); // skip the class before building the source when the server is absent
        source = MigrateFixtures.sqliteSource(dir.resolve("crash-source.db"), "crash", CollectionSpec.of(DIM, Metric.L2), "c", ROWS, 7);
    }

    @AfterEach
    void drop() {
        MigrateFixtures.dropSchema(target);
    }

    @Test
    void should_lose_and_duplicate_nothing_when_killed_at_random_points_and_resumed() throws Exception {
        target = MigrateFixtures.freshPostgres();
        Random random = new Random();
        long deadline = System.currentTimeMillis() + TOTAL_BUDGET_MS;
        int kills = 0;
        int midCopyKills = 0;
        int runs = 0;
        long lastRows = 0;
        boolean finished = false;
        while (!finished) {
            assertThat(System.currentTimeMillis()).as("time budget exceeded after %d kills, %d runs", kills, runs).isLessThan(deadline);
            Process p = start(source, runs > 0);
            runs++;
            if (kills < KILLS) {
                long delay = MIN_DELAY_MS + (long) (random.nextDouble() * (MAX_DELAY_MS - MIN_DELAY_MS));
                if (!p.waitFor(delay, TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                    kills++;
                    long rows = checkInvariant(lastRows);
                    if (rows < ROWS) {
                        midCopyKills++;
                    }
                    System.err.printf("[crash-resume] kill %d after %d ms: %d rows committed%n", kills, delay, rows);
                    lastRows = rows;
                    continue;
                }
            }
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("run %d did not finish", runs).isTrue();
            String output = new String(p.getInputStream().readAllBytes());
            assertThat(p.exitValue()).as("run %d:%n%s", runs, output).isZero();
            finished = kills >= KILLS;
        }
        assertThat(kills).isGreaterThanOrEqualTo(KILLS);
        assertThat(midCopyKills).as("kills that landed before the copy was complete").isGreaterThanOrEqualTo(KILLS / 2);
        try (AgentDB s = AgentDB.open(source); AgentDB t = AgentDB.open(target)) {
            assertThat(t.adapter().count("crash", null)).isEqualTo(ROWS);
            Checkpoint cp = Checkpoint.read(t.adapter(), "crash").orElseThrow();
            assertThat(cp.complete()).isTrue();
            assertThat(cp.rows()).isEqualTo(ROWS);
            // the index deferred to the end of the copy was built exactly once, whatever the kills interrupted
            assertThat(t.adapter().collectionSpec("crash")).isEqualTo(s.adapter().collectionSpec("crash"));
            ValidationReport v = new Validator(s.adapter(), t.adapter(), 1_000, 20, () -> false).validate("crash");
            assertThat(v.ok()).as(v.problems().toString()).isTrue();
            assertThat(v.rowsCompared()).isEqualTo(ROWS);
            assertThat(v.targetChecksum()).isEqualTo(v.sourceChecksum());
        }
    }

    @Test
    void should_stop_after_the_current_batch_on_sigterm_print_the_resume_command_and_exit_5() throws Exception {
        target = MigrateFixtures.freshPostgres();
        Process p = startSmallBatches();
        String seen = sigtermOnceABatchIsCommitted(p);
        assertThat(p.exitValue()).as(seen).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(seen).contains("Stopping after the current batch").contains("Interrupted after a committed batch. Resume with:")
                .contains("agentdb migrate --from " + source + " --to ").contains(" --batch-size " + SMALL_BATCH + " --resume");
        long rows = checkInvariant(0);
        assertThat(rows).isPositive().isLessThan(ROWS);

        Cli.Result resumed = Cli.run("migrate", "--from", source, "--to", target, "--batch-size", "2000", "--resume");
        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(resumed.out()).contains("(resumed; 20,000 in total)").contains("Validation passed.");
    }

    @Test
    void should_repeat_no_preserve_ids_and_index_params_in_the_resume_command_and_refuse_a_resume_in_the_other_mode() throws Exception {
        target = MigrateFixtures.freshPostgres();
        Process p = startSmallBatches("--no-preserve-ids", "--index-params", "HNSW:m=8,ef_search=40");
        String seen = sigtermOnceABatchIsCommitted(p);
        assertThat(p.exitValue()).as(seen).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(seen).contains(" --batch-size " + SMALL_BATCH + " --no-preserve-ids --index-params hnsw:m=8,efSearch=40 --resume");
        long rows = checkInvariant(0);
        assertThat(rows).isPositive().isLessThan(ROWS);

        Cli.Result otherMode = Cli.run("migrate", "--from", source, "--to", target, "--index-params", "hnsw:m=8,efSearch=40", "--resume");
        assertThat(otherMode.exitCode()).as(otherMode.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(otherMode.err()).contains("migrated with --no-preserve-ids but this run has --preserve-ids");
        assertThat(checkInvariant(rows)).isEqualTo(rows);

        Cli.Result resumed = Cli.run("migrate", "--from", source, "--to", target, "--batch-size", "2000", "--no-preserve-ids",
                "--index-params", "hnsw:m=8,efSearch=40", "--resume");
        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(resumed.out()).contains("(resumed; 20,000 in total)").contains("Validation passed.");
        try (AgentDB t = AgentDB.open(target)) {
            assertThat(t.adapter().count("crash", null)).isEqualTo(ROWS);
            assertThat(t.adapter().collectionSpec("crash")).contains(new CollectionSpec(DIM, Metric.L2, IndexParams.hnsw(8, 100, 40)));
            assertThat(t.adapter().get("crash", DerivedIds.of(Checkpoint.fingerprint(source), "crash", "c00000"))).isPresent();
        }
    }

    /**
     * Sends SIGTERM (handled like Ctrl-C) as soon as the target's checkpoint names a committed batch, i.e. while
     * the copy runs (in batches of {@value #SMALL_BATCH} it lasts seconds); returns everything the run printed.
     */
    private String sigtermOnceABatchIsCommitted(Process p) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Thread pump = new Thread(() -> {
            try {
                p.getInputStream().transferTo(printed);
            } catch (IOException e) {
                // the process is gone: what it printed is in the buffer
            }
        });
        pump.start();
        long deadline = System.currentTimeMillis() + 60_000;
        try (AgentDB t = AgentDB.open(target)) {
            while (p.isAlive() && Checkpoint.read(t.adapter(), "crash").map(Checkpoint::rows).orElse(0L) == 0) {
                assertThat(System.currentTimeMillis()).as("no batch committed within 60 s").isLessThan(deadline);
                Thread.sleep(5);
            }
        }
        p.toHandle().destroy(); // SIGTERM (Process.destroy would close our streams)
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        pump.join();
        return printed.toString(StandardCharsets.UTF_8);
    }

    /** After a kill: the target holds exactly the rows its checkpoint names, never fewer than before. */
    private long checkInvariant(long lastRows) {
        try (AgentDB t = AgentDB.open(target)) {
            if (!t.hasCollection("crash")) {
                assertThat(lastRows).isZero();
                return 0;
            }
            long count = t.adapter().count("crash", null);
            long rows = Checkpoint.read(t.adapter(), "crash").map(Checkpoint::rows).orElse(0L);
            assertThat(count).as("rows on the target vs the checkpoint").isEqualTo(rows);
            assertThat(rows).isGreaterThanOrEqualTo(lastRows);
            return rows;
        }
    }

    private Process start(String source, boolean resume, String... more) throws Exception {
        return start(KILL_BATCH, resume, more);
    }

    /** A run in batches of {@value #SMALL_BATCH}, against a target whose schema exists already (so that it can be polled). */
    private Process startSmallBatches(String... more) throws Exception {
        AgentDB.open(target).close();
        return start(SMALL_BATCH, false, more);
    }

    private Process start(int batchSize, boolean resume, String... more) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), AgentDbCli.class.getName(),
                "migrate", "--from", source, "--to", target, "--batch-size", Integer.toString(batchSize), "--no-progress"));
        cmd.addAll(List.of(more));
        if (resume) {
            cmd.add("--resume");
        }
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE).start();
    }
}
