package dev.agentdb.benchmarks;

import dev.agentdb.compat.crash.CrashCheck;

import java.nio.file.Files;

/**
 * The kit's crash check ({@link CrashCheck}) with the full count of kills: a process writing to the
 * database is killed with SIGKILL at random points, and after each kill whole batches, readable
 * records and an index consistent with the rows are checked. The adapters' integration tests run
 * it with fewer kills to stay within the test command's time.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.agentdb.benchmarks.CrashSoak
 * [url] [kills] [seed]} (defaults: a new SQLite file in a temporary folder, 100 kills, the time). A
 * PostgreSQL URL should name a schema of its own ({@code ?schema=crash}): the collection
 * {@code crash} is written and left there.
 */
public final class CrashSoak {
    private CrashSoak() {
    }

    /**
     * @param args optional {@code url kills seed}
     * @throws Exception when the check fails or the workload cannot be started
     */
    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "sqlite:" + Files.createTempDirectory("agentdb-crash").resolve("crash.db");
        int kills = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : System.currentTimeMillis();
        long t0 = System.nanoTime();
        CrashCheck.Report report = CrashCheck.run(url, "crash", kills, seed, null);
        System.out.printf("crash soak on %s (seed %d): %s; %.1f s%n", dev.agentdb.AgentDBConfig.redact(url), seed, report,
                (System.nanoTime() - t0) / 1e9);
    }
}
