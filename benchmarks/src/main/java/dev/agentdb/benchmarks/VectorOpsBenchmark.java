package dev.agentdb.benchmarks;

import dev.agentdb.hnsw.vector.VectorOps;
import dev.agentdb.hnsw.vector.VectorOpsProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Distance kernels, scalar against the Vector API, on vectors that stay in L1 (the kernels' own
 * speed, not memory bandwidth). Run: {@code java -jar benchmarks/target/benchmarks.jar VectorOpsBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class VectorOpsBenchmark {
    /** Vector dimension. */
    @Param({"128", "384", "784", "1536"})
    public int dim;

    /** Kernel family: {@code scalar} or {@code panama}. */
    @Param({"scalar", "panama"})
    public String impl;

    private VectorOps ops;
    private float[] a;
    private float[] b;

    /** Fills two random vectors. */
    @Setup
    public void setUp() {
        ops = "scalar".equals(impl) ? VectorOpsProvider.scalar() : VectorOpsProvider.panama();
        SplittableRandom r = new SplittableRandom(1);
        a = new float[dim];
        b = new float[dim];
        for (int i = 0; i < dim; i++) {
            a[i] = (float) r.nextDouble(-1, 1);
            b[i] = (float) r.nextDouble(-1, 1);
        }
    }

    /** @return the dot product (returned so JMH keeps it) */
    @Benchmark
    public float dot() {
        return ops.dot(a, 0, b, 0, dim);
    }

    /** @return the squared Euclidean distance */
    @Benchmark
    public float squareDistance() {
        return ops.squareDistance(a, 0, b, 0, dim);
    }
}
