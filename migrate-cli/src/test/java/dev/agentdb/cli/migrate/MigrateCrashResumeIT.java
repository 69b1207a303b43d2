package dev.agentdb.cli.migrate;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionSpec;
import dev.agentdb.IndexParams;
import dev.agentdb.Metric;
import dev.agentdb.cli.AgentDbCli;
import dev.agentdb.cli.ExitCodes;
import dev.agentdb.cli.testing.Cli;
import dev.agentdb.cli.testing.Sigterm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crash safety of {@code agentdb migrate}: a forked JVM migrating 20,000 x 16 rows from SQLite to
 * PostgreSQL in batches of {@value #KILL_BATCH} is killed with SIGKILL ({@link Process#destroyForcibly()})
 * {@value #KILLS} times at random points before the copy is complete (some in the start-up, most a random number
 * of committed batches into the copy, which the test watches on the target, so that fast and slow machines alike
 * kill mid-copy), then up to {@value #BUILD_KILLS} times more just after the last batch (in the HNSW index build
 * that follows the copy), and resumed with {@code --resume} each time until a run finishes; and a SIGTERM (handled
 * like Ctrl-C) stops after the current batch with exit code 5. After every kill the target's row count equals the
 * rows its checkpoint names (a batch and its checkpoint commit together); at the end counts and per-row checksums
 * are exactly the source's and the index is the source's. The same kill-and-resume loop runs into MariaDB 11.8
 * with {@value #MARIADB_KILLS} kills during the copy (the PostgreSQL run is the long one; the MariaDB run checks the
 * same invariant through the other adapter's transactions). And into MongoDB (the stand-in, which has no
 * transactions) in batches of {@value #MONGODB_BATCH} with {@value #MONGODB_KILLS} kills during the copy and one
 * after it: there a batch is upserted and then checkpointed, so after a kill the target may hold up to one batch
 * more than its checkpoint names (never fewer), and the end must still be exact. The same without transactions
 * into Cloudflare D1 sharded over three emulator databases ({@value #D1_KILLS} kills, batches of {@value #D1_BATCH}).
 */
class MigrateCrashResumeIT {
    private static final int ROWS = 20_000;
    private static final int DIM = 16;
    /** Kills during the copy (or the start-up before it): every one must land before the last row is committed. */
    private static final int KILLS = 20;
    /** Further kills once the copy is complete, which land in the index build when it takes longer than 100 ms. */
    private static final int BUILD_KILLS = 3;
    /** Kills during the copy into MariaDB 11.8, then one after the copy. */
    private static final int MARIADB_KILLS = 6;
    /** Kills during the copy into MongoDB, then one after the copy. */
    private static final int MONGODB_KILLS = 6;
    /** Kills during the copy into Cloudflare D1 (the emulator, three databases), then one after the copy. */
    private static final int D1_KILLS = 5;
    /** Batch size of the kill test into D1: 40 batches, each one D1 batch per shard plus the checkpoint's requests. */
    private static final int D1_BATCH = 500;
    /** Batch size of the kill test: 400 transactions. */
    private static final int KILL_BATCH = 50;
    /**
     * Batch size of the kill test into MongoDB: 80 batches, each a few round trips to the stand-in (lease, read of the
     * replaced documents, write, checkpoint), so that the test stays short; 6 kills x 3 x 250 rows stay below 20,000.
     */
    private static final int MONGODB_BATCH = 250;
    /**
     * At most this many batches are awaited between two kills (then 0-10 ms more): 20 kills x 3 x 50 rows, plus what
     * commits in the jitter, stay well below 20,000.
     */
    private static final int MAX_BATCHES_PER_KILL = 3;
    private static final int MIN_STARTUP_DELAY_MS = 20;
    private static final int MAX_STARTUP_DELAY_MS = 300;
    /** Batch size of the SIGTERM tests: 2,000 transactions, so that the copy is still running when the signal arrives. */
    private static final int SMALL_BATCH = 10;
    private static final long TOTAL_BUDGET_MS = 100_000;

    @TempDir
    static Path dir;

    private static String source;
    private String target;
    /** The batch size of this test's kill-and-resume runs. */
    private int batch = KILL_BATCH;

    /** Builds the source once, on first use (after the test's target server was found, so an absent server skips first). */
    private static synchronized void ensureSource() {
        if (source == null) {
            source = MigrateFixtures.sqliteSource(dir.resolve("crash-source.db"), "crash", CollectionSpec.of(DIM, Metric.L2), "c", ROWS, 7);
        }
    }

    @AfterEach
    void drop() {
        MigrateFixtures.dropTarget(target);
    }

    @Test
    void should_lose_and_duplicate_nothing_when_killed_at_random_points_and_resumed() throws Exception {
        target = MigrateFixtures.freshPostgres();
        int buildKills = killAndResume(KILLS, BUILD_KILLS);
        assertThat(buildKills).as("kills that interrupted the index build").isPositive();
    }

    @Test
    void should_lose_and_duplicate_nothing_when_killed_and_resumed_into_mariadb() throws Exception {
        target = MigrateFixtures.freshMariadb();
        killAndResume(MARIADB_KILLS, 1);
        try (AgentDB t = AgentDB.open(target)) {
            assertThat(t.collection("crash").stats().indexImplementation()).as("the index built after the copy is MariaDB's")
                    .isEqualTo(dev.agentdb.CollectionStats.MARIADB_VECTOR);
        }
    }

    @Test
    void should_lose_and_duplicate_nothing_when_killed_and_resumed_into_mongodb() throws Exception {
        target = MigrateFixtures.freshMongodb();
        batch = MONGODB_BATCH;
        killAndResume(MONGODB_KILLS, 1);
        try (AgentDB t = AgentDB.open(target)) {
            assertThat(t.adapter().capabilities()).as("the non-transactional path is the one tested")
                    .doesNotContain(dev.agentdb.spi.Capability.TRANSACTIONS);
        }
    }

    @Test
    void should_lose_and_duplicate_nothing_when_killed_and_resumed_into_three_d1_shards() throws Exception {
        target = MigrateFixtures.freshD1(3);
        batch = D1_BATCH;
        killAndResume(D1_KILLS, 1);
        try (AgentDB t = AgentDB.open(target)) {
            assertThat(t.adapter()).as("one database sharded over three").isInstanceOf(dev.agentdb.sharding.ShardedAdapter.class);
            assertThat(t.adapter().capabilities()).doesNotContain(dev.agentdb.spi.Capability.TRANSACTIONS);
        }
    }

    /**
     * Runs the migration into {@link #target}, SIGKILLing it {@code kills} times during the copy and up to
     * {@code buildAttempts} times just after it, resuming each time, checking the invariant after every kill and
     * the whole data at the end.
     *
     * @return how many of the kills after the copy interrupted the index build
     */
    private int killAndResume(int kills, int buildAttempts) throws Exception {
        ensureSource();
        AgentDB.open(target).close(); // the schema exists before the first run, so that the checkpoint can be polled
        Random random = new Random();
        long began = System.currentTimeMillis();
        long deadline = began + TOTAL_BUDGET_MS;
        int copyKills = 0;
        int buildKills = 0;
        int buildTries = 0;
        int runs = 0;
        long lastRows = 0;
        try (AgentDB watcher = AgentDB.open(target)) {
            while (true) {
                assertThat(System.currentTimeMillis()).as("time budget exceeded after %d kills, %d runs", copyKills + buildTries, runs)
                        .isLessThan(deadline);
                Process p = start(batch, runs > 0);
                runs++;
                boolean copyKill = copyKills < kills;
                boolean killed;
                String where;
                if (copyKill) {
                    // Before the copy ends, at a point chosen by the rows committed rather than by the clock, so that the
                    // kills land in the copy however fast the machine is: a few runs die in their start-up (schema,
                    // planning, the first batch), the others a random 0-10 ms after a random number of further batches.
                    int batches = random.nextInt(MAX_BATCHES_PER_KILL + 1);
                    where = batches == 0 ? "in start-up" : "after " + batches + " more batch(es)";
                    killed = batches == 0
                            ? killAfter(p, MIN_STARTUP_DELAY_MS + random.nextInt(MAX_STARTUP_DELAY_MS - MIN_STARTUP_DELAY_MS))
                            : killOnceCommitted(p, watcher, lastRows + (long) batches * batch, random.nextInt(10));
                    assertThat(killed).as("run %d finished before its kill %s", runs, where).isTrue();
                    copyKills++;
                } else if (buildTries < buildAttempts) {
                    // Once every row is copied: a random 0-100 ms into the index build that follows the copy.
                    buildTries++;
                    where = "after the copy";
                    killed = killOnceCommitted(p, watcher, ROWS, random.nextInt(100));
                } else {
                    killed = false;
                    where = "";
                }
                if (!killed) {
                    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("run %d did not finish", runs).isTrue();
                    String output = new String(p.getInputStream().readAllBytes());
                    assertThat(p.exitValue()).as("run %d:%n%s", runs, output).isZero();
                    break;
                }
                long rows = checkInvariant(lastRows);
                boolean buildInterrupted = rows == ROWS && !Checkpoint.read(watcher.adapter(), "crash").orElseThrow().complete();
                if (copyKill) {
                    assertThat(rows).as("kill %d (%s) landed before the copy was complete", copyKills, where).isLessThan(ROWS);
                } else if (buildInterrupted) {
                    buildKills++;
                }
                System.err.printf("[crash-resume] kill %d (%s): %d rows committed%s, %d ms in%n", copyKills + buildTries, where, rows,
                        buildInterrupted ? ", index not built" : "", System.currentTimeMillis() - began);
                lastRows = rows;
            }
        }
        System.err.printf("[crash-resume] %d kills during the copy, %d of %d during the index build, %d runs, %d ms%n",
                copyKills, buildKills, buildTries, runs, System.currentTimeMillis() - began);
        assertThat(copyKills).isEqualTo(kills);
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
        return buildKills;
    }

    /** SIGKILLs the run after {@code delayMs}; false if it ended by itself before. */
    private static boolean killAfter(Process p, long delayMs) throws InterruptedException {
        if (p.waitFor(delayMs, TimeUnit.MILLISECONDS)) {
            return false;
        }
        p.destroyForcibly();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return true;
    }

    /**
     * SIGKILLs the run {@code jitterMs} after the target's checkpoint names at least {@code rows} rows; false if the run
     * ended by itself before.
     */
    private static boolean killOnceCommitted(Process p, AgentDB watcher, long rows, long jitterMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (Checkpoint.read(watcher.adapter(), "crash").map(Checkpoint::rows).orElse(0L) < Math.min(rows, ROWS)) {
            if (!p.isAlive()) {
                return false;
            }
            assertThat(System.currentTimeMillis()).as("no progress to %d rows within 60 s", rows).isLessThan(deadline);
            Thread.sleep(2);
        }
        return killAfter(p, jitterMs);
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
        try (AgentDB t = AgentDB.open(target)) {
            return Sigterm.once(p, () -> Checkpoint.read(t.adapter(), "crash").map(Checkpoint::rows).orElse(0L) > 0,
                    "batch committed");
        }
    }

    /**
     * After a kill: the target holds exactly the rows its checkpoint names (with transactions), never fewer than
     * before. Without transactions a batch is upserted and then its checkpoint written, two writes a kill can come
     * between (or land in the middle of the batch, which a crash cannot undo): the target then holds the checkpoint's
     * rows plus a prefix of the next batch, at most one batch more; the resume scans from the
     * checkpoint and upserts that batch again, which rewrites the same ids (the final checks prove it).
     */
    private long checkInvariant(long lastRows) {
        try (AgentDB t = AgentDB.open(target)) {
            if (!t.hasCollection("crash")) {
                assertThat(lastRows).isZero();
                return 0;
            }
            long count = t.adapter().count("crash", null);
            long rows = Checkpoint.read(t.adapter(), "crash").map(Checkpoint::rows).orElse(0L);
            if (t.adapter().capabilities().contains(dev.agentdb.spi.Capability.TRANSACTIONS)) {
                assertThat(count).as("rows on the target vs the checkpoint").isEqualTo(rows);
            } else {
                assertThat(count).as("rows on the target vs the checkpoint (no transactions: one batch may be ahead)")
                        .isBetween(rows, rows + batch);
            }
            assertThat(rows).isGreaterThanOrEqualTo(lastRows);
            return rows;
        }
    }

    /** A run in batches of {@value #SMALL_BATCH}, against a target whose schema exists already (so that it can be polled). */
    private Process startSmallBatches(String... more) throws Exception {
        ensureSource();
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
