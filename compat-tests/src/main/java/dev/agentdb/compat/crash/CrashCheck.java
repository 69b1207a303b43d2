package dev.agentdb.compat.crash;

import dev.agentdb.AgentDB;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crash safety of an adapter: a forked JVM runs {@link CrashWorkload} against a database and is
 * killed with SIGKILL ({@link Process#destroyForcibly()}) at random points while it writes; after
 * every kill this JVM opens the database and checks that
 * <ul>
 *   <li>only whole batches are stored: the records of each batch number are all there, or none
 *       (as many as the batch's {@code n}), with one generation (an upsert is whole too);</li>
 *   <li>every record is readable: {@code scan} pages, {@code get} of each returns the same record,
 *       {@code count()} and a filtered count agree with the scan;</li>
 *   <li>the index agrees with the rows: a record's own embedding finds it first (in a random
 *       sample after each kill, for every record at the end), with an efSearch well above the
 *       collection's default, so a miss is a missing or stale node rather than approximation;</li>
 *   <li>writing continues: the next run of the workload writes to the same database, and a final
 *       insert, search and delete run in this JVM.</li>
 * </ul>
 * Most kills land a random 0 to {@value #MAX_KILL_DELAY_MS}/4 ms after the workload announces its
 * first to {@value #MAX_OPS_BEFORE_KILL}th write of the run, so they hit its writes (inserts, upserts,
 * deletes, deletes by filter) however slow the machine is; one in {@value #MAX_OPS_BEFORE_KILL} + 1
 * lands 0 to {@value #MAX_KILL_DELAY_MS} ms after it reports it is open, in its start-up or first
 * write. {@link Report} counts what each kill interrupted.
 *
 * <p>The child runs this JVM's class path ({@code java.class.path}), which must hold the adapter of
 * the URL; an in-memory database cannot be checked (nothing outlives the process).
 */
public final class CrashCheck {
    /** A kill lands at most this long after the workload reported it is open, in ms. */
    public static final int MAX_KILL_DELAY_MS = 400;
    /** A kill waits for at most this many writes of the run to be announced. */
    public static final int MAX_OPS_BEFORE_KILL = 4;
    /** Records whose self-search is checked after each kill (all of them after the last). */
    static final int SAMPLE = 150;
    /** The efSearch of the self-searches. */
    static final int EF_SEARCH = 400;
    private static final long START_TIMEOUT_MS = 60_000;

    /** What the kills interrupted and what was checked. */
    public static final class Report {
        /** Kills by the operation the workload had announced last ("start-up" when none). */
        public final Map<String, Integer> killsDuring = new TreeMap<>();
        /** Kills done. */
        public int kills;
        /** Batches checked whole, summed over the checks. */
        public long batchesChecked;
        /** Records read back ({@code get}), summed over the checks. */
        public long recordsRead;
        /** Self-searches that found their record first, summed over the checks. */
        public long selfSearches;
        /** Records in the collection after the last kill. */
        public long finalRows;

        @Override
        public String toString() {
            return kills + " kills " + killsDuring + "; after them " + batchesChecked + " batch checks, " + recordsRead
                    + " records read back, " + selfSearches + " self-searches, all passed; " + finalRows + " records at the end";
        }
    }

    private CrashCheck() {
    }

    /**
     * Runs the check.
     *
     * @param url the database (a file or server the adapter on the class path opens; its state is
     *            changed); not in memory
     * @param collection the collection the workload writes
     * @param kills how many times to kill the workload, at least 1
     * @param seed seeds the kill delays and the workloads
     * @param afterKill an extra check run after each kill, before the others (a SQLite integrity
     *                  check, say), or null
     * @return what was done
     * @throws AssertionError when a check fails (the message names the kill and the record)
     * @throws Exception when the child cannot be started or waited for
     */
    public static Report run(String url, String collection, int kills, long seed, Consumer<String> afterKill) throws Exception {
        Random random = new Random(seed);
        Report report = new Report();
        for (int k = 1; k <= kills; k++) {
            int opsBefore = random.nextInt(MAX_OPS_BEFORE_KILL + 1);
            int delay = random.nextInt(MAX_KILL_DELAY_MS + 1);
            String during = killOnce(url, collection, random.nextLong(), opsBefore, opsBefore == 0 ? delay : delay / 4);
            report.kills++;
            report.killsDuring.merge(during, 1, Integer::sum);
            if (afterKill != null) {
                afterKill.accept(url);
            }
            check(url, collection, "after kill " + k + " (during " + during + ")", k == kills ? Integer.MAX_VALUE : SAMPLE, random, report);
        }
        try (AgentDB db = AgentDB.open(url)) {
            VectorCollection c = db.collection(collection);
            report.finalRows = c.count();
            float[] v = new float[CrashWorkload.DIMENSION];
            Arrays.fill(v, 0.5f);
            c.insert(VectorRecord.of("after-crashes", v, Map.of("batch", -1, "n", 1, "gen", 0)));
            assertThat(c.search(SearchRequest.builder(v).k(1).efSearch(EF_SEARCH).build()).get(0).id()).isEqualTo("after-crashes");
            assertThat(c.delete("after-crashes")).isTrue();
        }
        return report;
    }

    /**
     * Starts the workload, kills it {@code delayMs} after it announced its {@code opsBefore}th write (after
     * it is open for 0), returns what it was doing.
     */
    private static String killOnce(String url, String collection, long seed, int opsBefore, int delayMs) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashWorkload.class.getName(), url, collection, Long.toString(seed))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        AtomicReference<String> last = new AtomicReference<>("start-up");
        Object ready = new Object();
        boolean[] open = {false};
        int[] ops = {0};
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.equals("ready")) {
                        synchronized (ready) {
                            open[0] = true;
                            ready.notifyAll();
                        }
                    } else if (line.startsWith("op ")) {
                        last.set(line.split(" ")[1]);
                        synchronized (ready) {
                            ops[0]++;
                            ready.notifyAll();
                        }
                    }
                }
            } catch (IOException e) {
                // the pipe closes when the child dies
            }
        }, "crash-workload-output");
        reader.setDaemon(true);
        reader.start();
        synchronized (ready) {
            long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
            while (!open[0] && p.isAlive() && System.currentTimeMillis() < deadline) {
                ready.wait(100);
            }
        }
        assertThat(open[0]).as("the workload opened the database (exit code %s)", p.isAlive() ? "none: still running" : p.exitValue())
                .isTrue();
        synchronized (ready) {
            long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
            while (ops[0] < opsBefore && p.isAlive() && System.currentTimeMillis() < deadline) {
                ready.wait(100);
            }
        }
        assertThat(p.isAlive()).as("the workload runs until killed").isTrue();
        Thread.sleep(delayMs);
        String during = last.get();
        p.destroyForcibly();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the killed workload exited").isTrue();
        reader.join(5_000);
        return during;
    }

    private static String describe(List<SearchResult> hits) {
        StringBuilder b = new StringBuilder("[");
        for (SearchResult h : hits) {
            b.append(b.length() > 1 ? ", " : "").append(h.id()).append(" at ").append(h.distance());
        }
        return b.append(']').toString();
    }

    private static void check(String url, String collection, String when, int sample, Random random, Report report) {
        try (AgentDB db = AgentDB.open(url)) {
            VectorCollection c = db.collection(collection);
            List<VectorRecord> all = new ArrayList<>();
            String after = null;
            while (true) {
                List<VectorRecord> page = c.scan(after, 500);
                all.addAll(page);
                if (page.size() < 500) {
                    break;
                }
                after = page.get(page.size() - 1).id();
            }
            Map<Long, List<VectorRecord>> byBatch = new HashMap<>();
            for (VectorRecord r : all) {
                byBatch.computeIfAbsent(((Number) r.metadata().get("batch")).longValue(), b -> new ArrayList<>()).add(r);
            }
            for (Map.Entry<Long, List<VectorRecord>> e : byBatch.entrySet()) {
                List<VectorRecord> rs = e.getValue();
                int n = ((Number) rs.get(0).metadata().get("n")).intValue();
                Object gen = rs.get(0).metadata().get("gen");
                assertThat(rs).as("%s: batch %d is whole (%d records)", when, e.getKey(), n).hasSize(n)
                        .allSatisfy(r -> assertThat(r.metadata()).as("%s: record %s of one generation", when, r.id()).containsEntry("gen", gen));
                report.batchesChecked++;
            }
            assertThat(c.count()).as("%s: count() equals the scan", when).isEqualTo(all.size());
            if (!byBatch.isEmpty()) {
                long b = byBatch.keySet().iterator().next();
                assertThat(c.count(Filter.eq("batch", b))).as("%s: filtered count of batch %d", when, b).isEqualTo(byBatch.get(b).size());
            }
            for (VectorRecord r : all) {
                VectorRecord got = c.get(r.id()).orElseThrow(() -> new AssertionError(when + ": get(" + r.id() + ") found nothing"));
                assertThat(got.embedding()).as("%s: embedding of %s", when, r.id()).containsExactly(r.embedding());
                assertThat(got.metadata()).as("%s: metadata of %s", when, r.id()).isEqualTo(r.metadata());
                report.recordsRead++;
            }
            List<VectorRecord> probe = new ArrayList<>(all);
            if (probe.size() > sample) {
                java.util.Collections.shuffle(probe, random);
                probe = probe.subList(0, sample);
            }
            for (VectorRecord r : probe) {
                List<SearchResult> hits = c.search(SearchRequest.builder(r.embedding()).k(1).efSearch(EF_SEARCH).build());
                if (hits.isEmpty() || !hits.get(0).id().equals(r.id())) {
                    List<SearchResult> exact = c.search(SearchRequest.builder(r.embedding()).k(3).exact(true).build());
                    throw new AssertionError(when + ": the index does not find " + r.id() + " by its own embedding: it returned "
                            + describe(hits) + "; an exact search returns " + describe(exact) + " (" + all.size() + " records)");
                }
                report.selfSearches++;
            }
        }
    }
}
