package dev.agentdb.compat;

import dev.agentdb.Metric;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Deterministic test vectors (seeded, no embedding model) and a naive exact k-NN that follows the
 * {@link Metric} definitions literally, in double precision. The kit's ground truth.
 */
public final class TestVectors {
    private TestVectors() {
    }

    /**
     * Gaussian clusters: {@code clusters} centres drawn from N(0, 1) per component, each point a
     * centre plus N(0, spread^2) noise. Realistic for embeddings (neighbourhoods exist) yet cheap.
     *
     * @param n number of vectors
     * @param dimension their length
     * @param clusters number of centres
     * @param spread standard deviation around a centre
     * @param seed random seed
     * @return {@code n} vectors
     */
    public static float[][] clustered(int n, int dimension, int clusters, double spread, long seed) {
        Random random = new Random(seed);
        double[][] centres = new double[clusters][dimension];
        for (double[] c : centres) {
            for (int j = 0; j < dimension; j++) {
                c[j] = random.nextGaussian();
            }
        }
        float[][] out = new float[n][dimension];
        for (int i = 0; i < n; i++) {
            double[] c = centres[random.nextInt(clusters)];
            for (int j = 0; j < dimension; j++) {
                out[i][j] = (float) (c[j] + spread * random.nextGaussian());
            }
        }
        return out;
    }

    /**
     * Uniform random vectors with components in [-1, 1).
     *
     * @param n number of vectors
     * @param dimension their length
     * @param seed random seed
     * @return {@code n} vectors
     */
    public static float[][] uniform(int n, int dimension, long seed) {
        Random random = new Random(seed);
        float[][] out = new float[n][dimension];
        for (float[] v : out) {
            for (int j = 0; j < dimension; j++) {
                v[j] = random.nextFloat() * 2f - 1f;
            }
        }
        return out;
    }

    /**
     * The distance of {@link Metric}'s table: {@link Metric#distance}, the reference every backend is
     * checked against.
     *
     * @param metric the metric
     * @param a a vector
     * @param b a vector of the same length
     * @return the distance (lower is closer)
     */
    public static double distance(Metric metric, float[] a, float[] b) {
        return metric.distance(a, b);
    }

    /**
     * The score of {@link Metric}'s table, from the reference distance.
     *
     * @param metric the metric
     * @param a a vector
     * @param b a vector of the same length
     * @return the score (higher is closer)
     */
    public static double score(Metric metric, float[] a, float[] b) {
        return metric.scoreOf(distance(metric, a, b));
    }

    /**
     * Exact k nearest neighbours by brute force, ordered by distance ascending, ties by id.
     *
     * @param metric the metric
     * @param ids the ids of {@code vectors}, same order
     * @param vectors the corpus
     * @param query the query
     * @param k how many
     * @return up to k ids
     */
    public static List<String> exactNearest(Metric metric, List<String> ids, float[][] vectors, float[] query, int k) {
        List<Integer> order = new ArrayList<>(vectors.length);
        double[] d = new double[vectors.length];
        for (int i = 0; i < vectors.length; i++) {
            order.add(i);
            d[i] = distance(metric, query, vectors[i]);
        }
        order.sort(Comparator.<Integer>comparingDouble(i -> d[i]).thenComparing(ids::get));
        List<String> out = new ArrayList<>(Math.min(k, order.size()));
        for (int i = 0; i < Math.min(k, order.size()); i++) {
            out.add(ids.get(order.get(i)));
        }
        return out;
    }

    /**
     * @param expected the true neighbours
     * @param actual the neighbours found
     * @return the fraction of {@code expected} present in {@code actual} (1 when expected is empty)
     */
    public static double recall(List<String> expected, List<String> actual) {
        if (expected.isEmpty()) {
            return 1.0;
        }
        int hits = 0;
        for (String id : expected) {
            if (actual.contains(id)) {
                hits++;
            }
        }
        return (double) hits / expected.size();
    }

    /**
     * Whether two doubles agree within {@code 1e-5} relative, with {@code 1e-5} absolute slack near
     * zero (float32 storage and float accumulation on the backend side).
     *
     * @param expected the naive value
     * @param actual the backend's value
     * @return whether they agree
     */
    public static boolean close(double expected, double actual) {
        return Math.abs(expected - actual) <= 1e-5 * Math.max(1.0, Math.abs(expected));
    }

    /**
     * @param i a number
     * @param width digits
     * @return {@code "r"} followed by i zero-padded, e.g. {@code id(7, 4)} = {@code "r0007"}; ids that sort like their numbers
     */
    public static String id(int i, int width) {
        return "r" + String.format("%0" + width + "d", i);
    }

    /**
     * @param values components
     * @return them as a vector (the same array)
     */
    public static float[] vec(float... values) {
        return values;
    }
}
