package dev.agentdb.hnsw;

import dev.agentdb.Metric;

import java.util.BitSet;
import java.util.SplittableRandom;

/** Deterministic clustered vectors and recall arithmetic for the tests. */
final class TestData {
    private TestData() {
    }

    /** {@code n} vectors of {@code dim} around {@code clusters} random centres. */
    static float[][] clustered(int n, int dim, int clusters, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] centres = new float[clusters][dim];
        for (float[] c : centres) {
            for (int i = 0; i < dim; i++) {
                c[i] = (float) r.nextDouble(-1, 1);
            }
        }
        float[][] out = new float[n][dim];
        for (int j = 0; j < n; j++) {
            float[] c = centres[r.nextInt(clusters)];
            for (int i = 0; i < dim; i++) {
                out[j][i] = c[i] + (float) (0.35 * gaussian(r));
            }
        }
        return out;
    }

    static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** A vector of {@code dim} standard normal components. */
    static float[] gaussianVector(SplittableRandom r, int dim) {
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = (float) gaussian(r);
        }
        return v;
    }

    static HnswIndex build(Metric metric, float[][] data) {
        HnswIndex index = new HnswIndex(HnswConfig.of(data[0].length, metric, 16, 100));
        for (float[] v : data) {
            index.add(v);
        }
        return index;
    }

    /** Mean fraction of the exact top-k found by the approximate search. */
    static double recall(HnswIndex index, float[][] queries, int k, int ef, BitSet accept) {
        int found = 0;
        int wanted = 0;
        for (float[] q : queries) {
            NodeHits exact = index.exactSearch(q, k, accept);
            NodeHits approx = index.search(q, k, ef, accept);
            BitSet truth = new BitSet();
            for (int i = 0; i < exact.size(); i++) {
                truth.set(exact.node(i));
            }
            for (int i = 0; i < approx.size(); i++) {
                if (truth.get(approx.node(i))) {
                    found++;
                }
            }
            wanted += exact.size();
        }
        return wanted == 0 ? 1.0 : (double) found / wanted;
    }

    /** The reference distance, {@link Metric#distance} (double accumulation). */
    static double naive(Metric metric, float[] a, float[] b) {
        return metric.distance(a, b);
    }
}
