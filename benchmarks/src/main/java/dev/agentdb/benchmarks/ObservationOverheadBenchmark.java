package dev.agentdb.benchmarks;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionSpec;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.observation.MicrometerObserver;
import dev.agentdb.observation.OperationObserver;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * What observing the API costs a search: the same SQLite file, opened three times in one JVM and
 * searched alternately, round after round: without an observer ({@link OperationObserver#NONE}, the
 * default), with {@link MicrometerObserver} over a registry without handlers (a no-op registry, as
 * an application with Micrometer but no metrics gets), and over a registry timing every call
 * ({@link DefaultMeterObservationHandler} into a {@link SimpleMeterRegistry}).
 *
 * <p>Run alone on the machine: {@code java --add-modules jdk.incubator.vector -cp
 * benchmarks/target/benchmarks.jar dev.agentdb.benchmarks.ObservationOverheadBenchmark [rows]
 * [dimension] [queries] [rounds]}; defaults 20,000 random rows of 128 dimensions, 5,000 queries
 * (k = 10, one thread), 7 rounds. Prints each round's queries per second and the medians.
 */
public final class ObservationOverheadBenchmark {
    private static final int K = 10;

    private ObservationOverheadBenchmark() {
    }

    /**
     * @param args {@code [rows] [dimension] [queries] [rounds]}
     * @throws Exception when the temporary file cannot be created
     */
    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int dimension = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int queries = args.length > 2 ? Integer.parseInt(args[2]) : 5_000;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 7;
        Path file = Files.createTempFile("agentdb-observation", ".db");
        String url = "sqlite:" + file;
        Random random = new Random(42);
        try (AgentDB db = AgentDB.open(url)) {
            VectorCollection c = db.createCollection("bench", CollectionSpec.of(dimension, Metric.COSINE));
            List<VectorRecord> batch = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                batch.add(VectorRecord.of("r" + i, vector(random, dimension), Map.of("i", i)));
                if (batch.size() == 1_000) {
                    c.insertBatch(batch);
                    batch.clear();
                }
            }
        }
        float[][] probes = new float[queries][];
        for (int i = 0; i < queries; i++) {
            probes[i] = vector(random, dimension);
        }
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ObservationRegistry timing = ObservationRegistry.create();
        timing.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        String[] names = {"no observer", "no-op registry", "timing registry"};
        OperationObserver[] observers = {OperationObserver.NONE, MicrometerObserver.of(ObservationRegistry.create()), MicrometerObserver.of(timing)};
        double[][] qps = new double[names.length][rounds];
        List<AgentDB> dbs = new ArrayList<>();
        try {
            VectorCollection[] collections = new VectorCollection[names.length];
            for (int v = 0; v < names.length; v++) {
                AgentDB db = AgentDB.builder().url(url).observer(observers[v]).build();
                dbs.add(db);
                collections[v] = db.collection("bench");
                run(collections[v], probes); // warm-up: loads the index, compiles the path
            }
            System.out.printf(Locale.ROOT, "observation overhead: SQLite, %,d rows x %d dimensions, %,d queries (k=%d), one thread%n",
                    rows, dimension, queries, K);
            for (int r = 0; r < rounds; r++) {
                StringBuilder line = new StringBuilder("round " + (r + 1) + ":");
                for (int v = 0; v < names.length; v++) {
                    qps[v][r] = run(collections[v], probes);
                    line.append(String.format(Locale.ROOT, "  %s %,.0f q/s", names[v], qps[v][r]));
                }
                System.out.println(line);
            }
        } finally {
            dbs.forEach(AgentDB::close);
            Files.deleteIfExists(file);
        }
        double base = median(qps[0]);
        for (int v = 0; v < names.length; v++) {
            System.out.printf(Locale.ROOT, "median %-16s %,8.0f q/s  (%.3f x no observer)%n", names[v], median(qps[v]), median(qps[v]) / base);
        }
        System.out.printf(Locale.ROOT, "timer db.vector.client.operation: %d searches recorded%n",
                meters.get(MicrometerObserver.NAME).tag("db.operation.name", "search").timer().count());
    }

    private static double run(VectorCollection c, float[][] probes) {
        long t0 = System.nanoTime();
        long sink = 0;
        for (float[] q : probes) {
            sink += c.search(SearchRequest.of(q, K)).size();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (sink == 42) {
            System.out.print("");
        }
        return probes.length / seconds;
    }

    private static float[] vector(Random random, int dimension) {
        float[] v = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
