package dev.agentdb.cli.migrate;

import dev.agentdb.AgentDB;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.AgentDBException;
import dev.agentdb.CollectionSpec;
import dev.agentdb.IndexParams;
import dev.agentdb.Metric;
import dev.agentdb.cli.AgentDbCli;
import dev.agentdb.cli.ExitCodes;
import dev.agentdb.cli.testing.Cli;
import dev.agentdb.compat.net.TcpProxy;
import dev.agentdb.compat.TestBackends;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code agentdb migrate} when the target dies mid-copy: a forked JVM migrates {@value #ROWS} rows
 * from SQLite to PostgreSQL through a {@link TcpProxy} in front of the real server (with
 * {@value #LATENCY_MS} ms of latency upstream, like a server across a network), in batches of
 * {@value #BATCH}; once the target's checkpoint names at least {@value #KILL_AFTER_ROWS} rows, the
 * proxy is closed (listener gone, every live connection reset). The run must exit with code 4 within
 * seconds, say on standard error that the backend is unavailable and print the {@code --resume}
 * command; the target must hold exactly the rows of its last checkpoint. Then a proxy on the same port
 * brings the server back, the printed resume command runs unchanged, exits 0 with validation passed,
 * and the target holds exactly the source's rows (counts and per-row checksums).
 *
 * <p>The other outage, a network partition (the proxy keeps every connection open but forwards
 * nothing), hangs a read of the PostgreSQL driver forever by default; with the driver property
 * {@code socketTimeout} in the target URL ({@code &socketTimeout=}{@value #SOCKET_TIMEOUT_S}) the run
 * must end the same way, with exit code 4 within seconds and the checkpoint equal to the rows.
 */
class MigrateOutageIT {
    private static final int ROWS = 40_000;
    private static final int DIM = 8;
    private static final int BATCH = 100;
    private static final long KILL_AFTER_ROWS = 2_000;
    /** Network latency of the first proxy, so that the copy (a few round trips per batch) is still running when it dies. */
    private static final long LATENCY_MS = 2;
    /** The driver's read timeout in the URL of the partition test, in seconds. */
    private static final int SOCKET_TIMEOUT_S = 3;
    /** How long the failing run may take to notice the outage and exit. */
    private static final long EXIT_WITHIN_MS = 15_000;

    @TempDir
    static Path dir;

    private static String source;
    private String target;

    @BeforeAll
    static void source() {
        TestBackends.url("POSTGRES"); // skip before building the source when the server is absent
        long t0 = System.nanoTime();
        // FLAT, no index build: the copy is what is tested
        source = MigrateFixtures.sqliteSource(dir.resolve("outage-source.db"), "outage",
                new CollectionSpec(DIM, Metric.COSINE, IndexParams.flat()), "o", ROWS, 11);
        System.err.printf("[outage] built the %,d-row source in %.1f s%n", ROWS, (System.nanoTime() - t0) / 1e9);
    }

    @AfterEach
    void drop() {
        MigrateFixtures.dropTarget(target);
    }

    @Test
    void should_exit_4_when_the_target_dies_mid_copy_and_resume_exactly_when_it_is_back() throws Exception {
        target = MigrateFixtures.freshPostgres();
        URI server = URI.create(target);
        int serverPort = server.getPort() < 0 ? 5432 : server.getPort();
        TcpProxy proxy = TcpProxy.start(0, server.getHost(), serverPort, LATENCY_MS);
        int port = proxy.port();
        Outage o = runUntilOutage(proxy, target.replace(server.getHost() + ":" + serverPort, "127.0.0.1:" + port), false);
        String stderr = o.stderr;
        String resume = resumeCommand(stderr);
        assertThat(resume).startsWith("agentdb migrate --from " + source + " --to ").contains("--batch-size " + BATCH).endsWith(" --resume");

        long committed;
        try (AgentDB t = AgentDB.open(target)) {
            Checkpoint cp = Checkpoint.read(t.adapter(), "outage").orElseThrow();
            committed = cp.rows();
            assertThat(cp.complete()).isFalse();
            assertThat(committed).as("rows of the last checkpoint").isBetween(o.rowsAtOutage, (long) ROWS - 1);
            assertThat(t.adapter().count("outage", null)).as("rows on the target vs its checkpoint").isEqualTo(committed);
            assertThat(cp.lastId()).isEqualTo(String.format("o%05d", committed - 1));
        }

        try (TcpProxy back = TcpProxy.start(port, server.getHost(), serverPort)) {
            List<String> args = words(resume);
            long t0 = System.nanoTime();
            Cli.Result resumed = Cli.run(args.subList(1, args.size()).toArray(new String[0]));
            assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
            assertThat(resumed.out()).contains(String.format("'outage': %,d row(s) copied (resumed; %,d in total)", ROWS - committed, ROWS))
                    .contains(String.format("'outage': valid: %,d rows", ROWS)).contains("Validation passed.");
            System.err.printf("[outage] the printed resume command copied %,d rows and validated in %.1f s%n", ROWS - committed,
                    (System.nanoTime() - t0) / 1e9);
        }
        try (AgentDB s = AgentDB.open(source); AgentDB t = AgentDB.open(target)) {
            assertThat(t.adapter().count("outage", null)).isEqualTo(ROWS);
            Checkpoint cp = Checkpoint.read(t.adapter(), "outage").orElseThrow();
            assertThat(cp.complete()).isTrue();
            assertThat(cp.rows()).isEqualTo(ROWS);
            ValidationReport v = new Validator(s.adapter(), t.adapter(), 1_000, 5, () -> false).validate("outage");
            assertThat(v.ok()).as(v.problems().toString()).isTrue();
            assertThat(v.rowsCompared()).isEqualTo(ROWS);
            assertThat(v.targetChecksum()).isEqualTo(v.sourceChecksum());
        }
    }

    @Test
    void should_exit_4_within_seconds_when_the_target_stops_answering_given_a_socket_timeout_in_the_url() throws Exception {
        target = MigrateFixtures.freshPostgres();
        URI server = URI.create(target);
        int serverPort = server.getPort() < 0 ? 5432 : server.getPort();
        try (TcpProxy proxy = TcpProxy.start(0, server.getHost(), serverPort, LATENCY_MS)) {
            // without socketTimeout (the driver's default: none) a read from a silent server waits forever
            String proxied = target.replace(server.getHost() + ":" + serverPort, "127.0.0.1:" + proxy.port())
                    + "&socketTimeout=" + SOCKET_TIMEOUT_S;
            Outage o = runUntilOutage(proxy, proxied, true);
            assertThat(resumeCommand(o.stderr)).contains("socketTimeout=" + SOCKET_TIMEOUT_S).endsWith(" --resume");
        }
        try (AgentDB t = AgentDB.open(target)) {
            Checkpoint cp = Checkpoint.read(t.adapter(), "outage").orElseThrow();
            assertThat(cp.complete()).isFalse();
            assertThat(t.adapter().count("outage", null)).as("rows on the target vs its checkpoint").isEqualTo(cp.rows());
        }
    }

    /** What a run cut off by an outage left: its standard error and the checkpoint's rows when the outage began. */
    private record Outage(String stderr, long rowsAtOutage) {
    }

    /**
     * Forks {@code agentdb migrate} to {@code to} (through the proxy), starts the outage (a reset, or a
     * freeze) once the target's checkpoint names {@value #KILL_AFTER_ROWS} rows, and checks that the run
     * exits with code 4 within {@value #EXIT_WITHIN_MS} ms saying why and how to resume.
     */
    private Outage runUntilOutage(TcpProxy proxy, String to, boolean freeze) throws Exception {
        String schema = target.substring(target.indexOf("schema=") + "schema=".length()).replaceAll("[^A-Za-z0-9_].*$", "");
        String kind = freeze ? "frozen" : "closed";
        long started = System.nanoTime();
        Path out = dir.resolve("run-" + kind + ".out");
        Path err = dir.resolve("run-" + kind + ".err");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), AgentDbCli.class.getName(),
                "migrate", "--from", source, "--to", to, "--batch-size", "" + BATCH, "--no-progress")
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        long outageAt;
        long rows = 0;
        // a direct connection that creates nothing in the server's default schema (no AgentDB tables in public)
        try (AgentDB direct = AgentDB.open(AgentDBConfig.builder(TestBackends.url("POSTGRES")).autoMigrate(false).build())) {
            long deadline = System.currentTimeMillis() + 60_000;
            while (rows < KILL_AFTER_ROWS) {
                assertThat(p.isAlive()).as("the migration ended before the outage:%n%s%n%s", read(out), read(err)).isTrue();
                assertThat(System.currentTimeMillis()).as("no checkpoint of %d rows within 60 s", KILL_AFTER_ROWS).isLessThan(deadline);
                Thread.sleep(10);
                rows = checkpointRows(direct, schema);
            }
            if (freeze) {
                proxy.freeze();
            } else {
                proxy.close();
            }
            outageAt = System.nanoTime();
        } finally {
            if (!freeze) {
                proxy.close();
            }
        }
        boolean exited = p.waitFor(60, TimeUnit.SECONDS);
        long exitMs = (System.nanoTime() - outageAt) / 1_000_000;
        if (!exited) {
            p.destroyForcibly();
        }
        String stderr = read(err);
        System.err.printf("[outage] proxy %s %.1f s after the start, at a checkpoint of %,d rows; the run exited %d ms later%n",
                kind, (outageAt - started) / 1e9, rows, exitMs);
        assertThat(exited).as("the migration hung after the outage:%n%s", stderr).isTrue();
        assertThat(p.exitValue()).as("%s%n%s", read(out), stderr).isEqualTo(ExitCodes.BACKEND_UNAVAILABLE);
        assertThat(exitMs).as("time from the outage to exit code 4").isLessThan(EXIT_WITHIN_MS);
        assertThat(stderr).contains("error: backend unavailable during the copy")
                .contains("Every committed batch is checkpointed; when the backend is back, resume with:");
        return new Outage(stderr, rows);
    }

    /** The rows of the collection's checkpoint on the target, read directly (0 while there is none). */
    private static long checkpointRows(AgentDB direct, String schema) {
        try {
            List<Map<String, Object>> rows = direct.executeRaw("SELECT value FROM " + schema + ".agentdb_migration_checkpoints WHERE key = ?",
                    "outage");
            return rows.isEmpty() ? 0 : Checkpoint.parse((String) rows.get(0).get("value")).rows();
        } catch (AgentDBException e) {
            return 0; // the schema or its tables are not there yet
        }
    }

    /** The line after "resume with:" on standard error. */
    private static String resumeCommand(String stderr) {
        List<String> lines = stderr.lines().toList();
        for (int i = 0; i < lines.size() - 1; i++) {
            if (lines.get(i).endsWith("resume with:")) {
                return lines.get(i + 1).trim();
            }
        }
        throw new AssertionError("no resume command in:\n" + stderr);
    }

    /** Splits a command line as a POSIX shell does for plain words and single-quoted strings. */
    private static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder word = null;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '\'') {
                    quoted = false;
                } else {
                    word.append(c);
                }
            } else if (c == '\'') {
                quoted = true;
                word = word == null ? new StringBuilder() : word;
            } else if (c == '\\' && i + 1 < line.length()) {
                word = word == null ? new StringBuilder() : word;
                word.append(line.charAt(++i));
            } else if (c == ' ') {
                if (word != null) {
                    out.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        assertThat(quoted).as("unbalanced quote in %s", line).isFalse();
        if (word != null) {
            out.add(word.toString());
        }
        return out;
    }

    private static String read(Path file) throws java.io.IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
