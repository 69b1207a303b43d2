package dev.agentdb.hnsw;

import dev.agentdb.InvalidInputException;
import dev.agentdb.Metric;
import dev.agentdb.hnsw.vector.VectorOps;
import dev.agentdb.hnsw.vector.VectorOpsProvider;

/**
 * Distances between raw (not normalised) vectors as {@link Metric} defines them, on the SIMD kernels
 * of {@link VectorOpsProvider#get()}: {@code float} arithmetic, so they agree with the reference
 * {@link Metric#distance} (double accumulation) to about 1e-6 relative (see {@link Metric}'s
 * precision rule). The engine uses it for exact scans over rows, including with a metric other than
 * the index's, where the reference's scalar loop would cost several times more. Thread-safe.
 */
public final class Distances {
    private static final VectorOps OPS = VectorOpsProvider.get();

    private Distances() {
    }

    /**
     * @param metric the metric; not null
     * @param a {@code float[n]}; not null
     * @param b {@code float[n]}; not null
     * @return cosine: {@code 1 - cos(a,b)} in [0, 2] (1 when either vector is zero, never NaN);
     *         l2: the Euclidean distance; inner product: {@code -(a . b)}
     * @throws InvalidInputException when a vector is null or the lengths differ
     */
    public static float distance(Metric metric, float[] a, float[] b) {
        if (metric == null) {
            throw new InvalidInputException("metric", "must not be null");
        }
        if (a == null || b == null) {
            throw new InvalidInputException(a == null ? "a" : "b", "must not be null");
        }
        if (a.length != b.length) {
            throw new InvalidInputException("b", "length " + b.length + " differs from the length of a, " + a.length);
        }
        switch (metric) {
            case L2:
                return (float) Math.sqrt(OPS.squareDistance(a, 0, b, 0, a.length));
            case INNER_PRODUCT:
                return -OPS.dot(a, 0, b, 0, a.length);
            case COSINE:
                return cosineDistance(a, b);
            default:
                throw new AssertionError(metric);
        }
    }

    /**
     * @param metric the metric; not null
     * @param a {@code float[n]}; not null
     * @param b {@code float[n]}; not null
     * @return the score, {@code metric.scoreOf(distance(metric, a, b))}
     * @throws InvalidInputException when a vector is null or the lengths differ
     */
    public static double score(Metric metric, float[] a, float[] b) {
        return metric.scoreOf(distance(metric, a, b));
    }

    private static float cosineDistance(float[] a, float[] b) {
        int n = a.length;
        double aa = OPS.dot(a, 0, a, 0, n);
        double bb = OPS.dot(b, 0, b, 0, n);
        if (aa == 0 || bb == 0) {
            return 1f;
        }
        double cos = OPS.dot(a, 0, b, 0, n) / (Math.sqrt(aa) * Math.sqrt(bb));
        return (float) Math.min(2.0, Math.max(0.0, 1.0 - cos));
    }
}
