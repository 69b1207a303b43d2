package dev.agentdb.benchmarks;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares two builds of the PostgreSQL adapter in one JVM: each build's class path (a
 * {@code benchmarks.jar}, optionally preceded by a folder with a newer {@link PostgresAdapterBenchmark}
 * compiled against it) gets its own class loader, and {@link PostgresAdapterBenchmark#round} of
 * each runs alternately, in ABBA order, each in a schema of its own. Load from other processes then
 * falls on both builds alike, which separate runs on a shared machine cannot promise. The first two
 * rounds warm up and are left out of the medians.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar
 * dev.agentdb.benchmarks.PostgresBuildComparison BASE_URL CLASSPATH_A CLASSPATH_B [rounds] [rows]
 * [dimension] [queries]}, e.g. {@code postgresql://postgres@127.0.0.1:15432/agentdb} and two
 * {@code :}-separated class paths; defaults 14 rounds of 5,000 rows x 128, 1,000 queries. Prints
 * each round (with the 1-minute load average) and the medians of {@link PostgresAdapterBenchmark}'s
 * columns per build.
 */
public final class PostgresBuildComparison {
    private PostgresBuildComparison() {
    }

    /**
     * @param args {@code BASE_URL CLASSPATH_A CLASSPATH_B [rounds] [rows] [dimension] [queries]}
     * @throws Exception when a build cannot be loaded or a round fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.out.println("usage: PostgresBuildComparison BASE_URL CLASSPATH_A CLASSPATH_B [rounds] [rows] [dimension] [queries]");
            return;
        }
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 14;
        int rows = args.length > 4 ? Integer.parseInt(args[4]) : 5_000;
        int dimension = args.length > 5 ? Integer.parseInt(args[5]) : 128;
        int queries = args.length > 6 ? Integer.parseInt(args[6]) : 1_000;
        String base = args[0] + (args[0].contains("?") ? "&" : "?") + "schema=";
        Map<String, Method> builds = new LinkedHashMap<>();
        builds.put("A", roundOf(args[1]));
        builds.put("B", roundOf(args[2]));
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            List<String> order = r % 2 == 0 ? List.of("A", "B") : List.of("B", "A");
            for (String build : order) {
                Method round = builds.get(build);
                Thread.currentThread().setContextClassLoader(round.getDeclaringClass().getClassLoader());
                double[] figures = (double[]) round.invoke(null, base + "bench_build_" + build.toLowerCase(Locale.ROOT),
                        rows, dimension, queries);
                System.out.printf(Locale.ROOT, "%s round %2d load %.2f %s%n", build, r, loadAverage(), format(figures));
                if (r >= 2) {
                    results.computeIfAbsent(build, k -> new ArrayList<>()).add(figures);
                }
            }
        }
        System.out.println("medians: flat insert ms/1k, hnsw insert ms/1k, then q/s p50 p99 for plain, selective and broad searches");
        results.forEach((build, list) -> System.out.printf(Locale.ROOT, "%s median %s%n", build, format(PostgresAdapterBenchmark.median(list))));
    }

    private static Method roundOf(String classPath) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath.split(":")) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        URLClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
        Class.forName("org.postgresql.Driver", true, loader); // DriverManager only hands a loader the drivers it registered
        return loader.loadClass(PostgresAdapterBenchmark.class.getName()).getMethod("round", String.class, int.class, int.class, int.class);
    }

    private static double loadAverage() throws Exception {
        Path proc = Path.of("/proc/loadavg");
        return Files.exists(proc) ? Double.parseDouble(Files.readString(proc).split(" ")[0]) : -1;
    }

    private static String format(double[] figures) {
        StringBuilder b = new StringBuilder();
        for (double f : figures) {
            b.append(String.format(Locale.ROOT, " %9.3f", f));
        }
        return b.toString();
    }
}
