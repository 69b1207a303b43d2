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
    /** Four vectors side by side in one flat array, as the index stores them. */
    private float[] flat;
    private final float[] four = new float[4];

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
        flat = new float[4 * dim];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = (float) r.nextDouble(-1, 1);
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

    /** @return four squared distances computed one by one (per op: four distances) */
    @Benchmark
    public float squareDistanceTimes4() {
        return ops.squareDistance(a, 0, flat, 0, dim) + ops.squareDistance(a, 0, flat, dim, dim)
                + ops.squareDistance(a, 0, flat, 2 * dim, dim) + ops.squareDistance(a, 0, flat, 3 * dim, dim);
    }

    /** @return four squared distances computed together by the batched kernel (per op: four distances) */
    @Benchmark
    public float squareDistance4() {
        ops.squareDistance4(a, 0, flat, 0, flat, dim, flat, 2 * dim, flat, 3 * dim, dim, four);
        return four[0] + four[1] + four[2] + four[3];
    }
}
