package dev.agentdb.benchmarks;

import dev.agentdb.Metric;
import dev.agentdb.hnsw.HnswConfig;
import dev.agentdb.hnsw.HnswIndex;
import dev.agentdb.hnsw.NodeHits;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * HNSW k=10 search throughput (one thread), on Fashion-MNIST (60,000 x 784, L2) when present,
 * otherwise on random vectors of the same shape (a message says which). The index (M=16,
 * efConstruction=100) is built once per fork. Run:
 * {@code java -jar benchmarks/target/benchmarks.jar HnswSearchBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
public class HnswSearchBenchmark {
    /** efSearch. */
    @Param({"16", "32", "64", "128"})
    public int efSearch;

    /** Training vectors to index (60,000 = all of Fashion-MNIST). */
    @Param({"60000"})
    public int size;

    private HnswIndex index;
    private float[][] queries;

    /**
     * Loads (or generates) the data and builds the index.
     *
     * @throws IOException when the dataset exists but cannot be read
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        float[][] train;
        if (FashionMnist.available()) {
            train = FashionMnist.load(FashionMnist.TRAIN, size);
            queries = FashionMnist.load(FashionMnist.TEST, 1_000);
        } else {
            System.out.println("Fashion-MNIST not found in " + FashionMnist.dir() + "; using random 784-d vectors");
            train = random(size, 784, 1);
            queries = random(1_000, 784, 2);
        }
        index = new HnswIndex(HnswConfig.of(train[0].length, Metric.L2, 16, 100));
        for (float[] v : train) {
            index.add(v);
        }
    }

    /** Per-thread query cursor. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    /**
     * @param cursor the next query to run
     * @return the hits (returned so JMH keeps them)
     */
    @Benchmark
    public NodeHits search(Cursor cursor) {
        float[] q = queries[cursor.next];
        cursor.next = (cursor.next + 1) % queries.length;
        return index.search(q, 10, efSearch, null);
    }

    private static float[][] random(int n, int dim, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] out = new float[n][dim];
        for (float[] v : out) {
            for (int i = 0; i < dim; i++) {
                v[i] = (float) r.nextDouble(0, 255);
            }
        }
        return out;
    }
}
