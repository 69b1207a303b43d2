package dev.agentdb.cli.migrate;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionSpec;
import dev.agentdb.IndexParams;
import dev.agentdb.Metric;
import dev.agentdb.VectorRecord;
import dev.agentdb.cli.AgentDbCli;
import dev.agentdb.compat.TestBackends;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Constant memory of {@code agentdb migrate} (the issue: "a 1M-row source must not need more heap
 * than a 10K one"), proven functionally: a forked JVM capped at {@value #HEAP} of heap, with
 * {@code -XX:+ExitOnOutOfMemoryError}, migrates a {@value #SMALL}-row and then a {@value #LARGE}-row
 * SQLite collection ({@value #DIM}-d, FLAT, with metadata and text) to the PostgreSQL test server with
 * the same options, copy and validation (checksums of every row, exact searches on both sides)
 * included; both runs must end with exit code 0, "Validation passed." and exact counts on the target.
 *
 * <p>The cap is a real limit, not decoration: the 10K run needs about 12 MB (10 MB runs out of
 * memory, measured with JDK 17), so the cap is that floor with a margin for other JDKs and
 * collectors; and a control run with {@code --batch-size 100000}, which holds 100,000 rows (10% of
 * the large source) at once, must die of {@code OutOfMemoryError} under the same cap (so does a batch
 * of 50,000). A migration whose heap grew with the row count, even by a twentieth of the rows, fails
 * here.
 *
 * <p>The source is FLAT: an HNSW source of this size takes minutes to build, and the SQLite adapter
 * would load its graph (every vector and edge) into the heap for the validation's exact searches,
 * which is a cost of the source's index, not of the migration's streaming.
 */
class MigrateMemoryIT {
    private static final int DIM = 8;
    private static final int SMALL = 10_000;
    private static final int LARGE = 1_000_000;
    private static final String HEAP = "48m";
    /** Fewer exact searches than the default 20: each scans the whole source; one already shows their memory is bounded. */
    private static final int SEARCHES = 3;
    private static final int BUILD_BATCH = 50_000;

    @TempDir
    static Path dir;

    private static String small;
    private static String large;
    private final List<String> targets = new ArrayList<>();

    @BeforeAll
    static void sources() {
        TestBackends.url("POSTGRES"); // skip before building the sources when the server is absent
        long t0 = System.nanoTime();
        small = build("small.db", SMALL);
        large = build("large.db", LARGE);
        System.err.printf("[memory] built the %,d- and %,d-row sources in %.1f s%n", SMALL, LARGE, (System.nanoTime() - t0) / 1e9);
    }

    @AfterEach
    void drop() {
        targets.forEach(MigrateFixtures::dropTarget);
    }

    @Test
    void should_migrate_a_million_rows_in_the_same_small_heap_as_ten_thousand() throws Exception {
        for (String[] run : new String[][] {{small, "" + SMALL}, {large, "" + LARGE}}) {
            long rows = Long.parseLong(run[1]);
            String target = target();
            long t0 = System.nanoTime();
            Run r = migrate(run[0], target);
            System.err.printf("[memory] %,d rows with -Xmx%s: exit %d in %.1f s%n", rows, HEAP, r.exit, (System.nanoTime() - t0) / 1e9);
            assertThat(r.output).as("%,d rows", rows).doesNotContain("OutOfMemoryError");
            assertThat(r.exit).as("%,d rows:%n%s", rows, r.output).isZero();
            assertThat(r.output).contains(String.format("'mem': valid: %,d rows", rows)).contains("Validation passed.");
            try (AgentDB t = AgentDB.open(target)) {
                assertThat(t.adapter().count("mem", null)).isEqualTo(rows);
                Checkpoint cp = Checkpoint.read(t.adapter(), "mem").orElseThrow();
                assertThat(cp.complete()).isTrue();
                assertThat(cp.rows()).isEqualTo(rows);
            }
        }
    }

    @Test
    void should_run_out_of_memory_under_the_same_cap_when_a_batch_holds_a_tenth_of_the_rows() throws Exception {
        Run r = migrate(large, target(), "--batch-size", "100000", "--no-validate");
        assertThat(r.output).as("exit %d", r.exit).contains("OutOfMemoryError");
        assertThat(r.exit).isNotZero();
    }

    private String target() {
        String url = MigrateFixtures.freshPostgres();
        targets.add(url);
        return url;
    }

    /** The result of one forked run: exit code and standard output and error together. */
    private record Run(int exit, String output) {
    }

    private static Run migrate(String source, String target, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + HEAP, "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                AgentDbCli.class.getName(), "migrate", "--from", source, "--to", target, "--no-progress",
                "--searches", "" + SEARCHES));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes(); // until the process closes its output
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the migration did not finish").isTrue();
        // -XX:+ExitOnOutOfMemoryError exits with 3, like a failed validation: the output tells them apart
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** A FLAT collection 'mem' of n rows: random components, metadata, text on every third row, timestamps. */
    private static String build(String file, int n) {
        String url = "sqlite:" + dir.resolve(file);
        Random random = new Random(n);
        try (AgentDB db = AgentDB.open(url)) {
            db.adapter().createCollection("mem", new CollectionSpec(DIM, Metric.L2, IndexParams.flat()));
            for (int start = 0; start < n; start += BUILD_BATCH) {
                List<VectorRecord> batch = new ArrayList<>(BUILD_BATCH);
                for (int i = start; i < Math.min(n, start + BUILD_BATCH); i++) {
                    float[] v = new float[DIM];
                    for (int d = 0; d < DIM; d++) {
                        v[d] = (float) random.nextGaussian();
                    }
                    batch.add(new VectorRecord("m" + (10_000_000 + i), v, Map.of("i", (long) i),
                            i % 3 == 0 ? "text " + i : null, 1_700_000_000_000L + i));
                }
                db.adapter().insertBatch("mem", batch);
            }
        }
        return url;
    }
}
