package dev.agentdb.hnsw.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on the (incubating) Vector API, {@code jdk.incubator.vector}: fused multiply-add over
 * {@link FloatVector#SPECIES_PREFERRED} lanes (16 floats with AVX-512, 8 with AVX2), four
 * independent accumulators to hide the FMA latency, then one-vector steps, then a scalar tail.
 *
 * <p>Package-private and never referenced statically: {@link VectorOpsProvider} loads it
 * reflectively only when the module is in the boot layer, so a JVM started without
 * {@code --add-modules jdk.incubator.vector} never loads this class. Stateless and thread-safe.
 */
final class PanamaVectorOps implements VectorOps {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    /** Public for the reflective load. */
    public PanamaVectorOps() {
    }

    @Override
    public float dot(float[] a, int aOffset, float[] b, int bOffset, int length) {
        int i = 0;
        float sum = 0f;
        if (length >= LANES) {
            FloatVector acc0 = FloatVector.zero(SPECIES);
            FloatVector acc1 = FloatVector.zero(SPECIES);
            FloatVector acc2 = FloatVector.zero(SPECIES);
            FloatVector acc3 = FloatVector.zero(SPECIES);
            for (int bound = length - 4 * LANES; i <= bound; i += 4 * LANES) {
                acc0 = FloatVector.fromArray(SPECIES, a, aOffset + i)
                        .fma(FloatVector.fromArray(SPECIES, b, bOffset + i), acc0);
                acc1 = FloatVector.fromArray(SPECIES, a, aOffset + i + LANES)
                        .fma(FloatVector.fromArray(SPECIES, b, bOffset + i + LANES), acc1);
                acc2 = FloatVector.fromArray(SPECIES, a, aOffset + i + 2 * LANES)
                        .fma(FloatVector.fromArray(SPECIES, b, bOffset + i + 2 * LANES), acc2);
                acc3 = FloatVector.fromArray(SPECIES, a, aOffset + i + 3 * LANES)
                        .fma(FloatVector.fromArray(SPECIES, b, bOffset + i + 3 * LANES), acc3);
            }
            for (int bound = length - LANES; i <= bound; i += LANES) {
                acc0 = FloatVector.fromArray(SPECIES, a, aOffset + i)
                        .fma(FloatVector.fromArray(SPECIES, b, bOffset + i), acc0);
            }
            sum = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
        }
        for (; i < length; i++) {
            sum += a[aOffset + i] * b[bOffset + i];
        }
        return sum;
    }

    @Override
    public float squareDistance(float[] a, int aOffset, float[] b, int bOffset, int length) {
        int i = 0;
        float sum = 0f;
        if (length >= LANES) {
            FloatVector acc0 = FloatVector.zero(SPECIES);
            FloatVector acc1 = FloatVector.zero(SPECIES);
            FloatVector acc2 = FloatVector.zero(SPECIES);
            FloatVector acc3 = FloatVector.zero(SPECIES);
            for (int bound = length - 4 * LANES; i <= bound; i += 4 * LANES) {
                FloatVector d0 = FloatVector.fromArray(SPECIES, a, aOffset + i)
                        .sub(FloatVector.fromArray(SPECIES, b, bOffset + i));
                FloatVector d1 = FloatVector.fromArray(SPECIES, a, aOffset + i + LANES)
                        .sub(FloatVector.fromArray(SPECIES, b, bOffset + i + LANES));
                FloatVector d2 = FloatVector.fromArray(SPECIES, a, aOffset + i + 2 * LANES)
                        .sub(FloatVector.fromArray(SPECIES, b, bOffset + i + 2 * LANES));
                FloatVector d3 = FloatVector.fromArray(SPECIES, a, aOffset + i + 3 * LANES)
                        .sub(FloatVector.fromArray(SPECIES, b, bOffset + i + 3 * LANES));
                acc0 = d0.fma(d0, acc0);
                acc1 = d1.fma(d1, acc1);
                acc2 = d2.fma(d2, acc2);
                acc3 = d3.fma(d3, acc3);
            }
            for (int bound = length - LANES; i <= bound; i += LANES) {
                FloatVector d = FloatVector.fromArray(SPECIES, a, aOffset + i)
                        .sub(FloatVector.fromArray(SPECIES, b, bOffset + i));
                acc0 = d.fma(d, acc0);
            }
            sum = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
        }
        for (; i < length; i++) {
            float d = a[aOffset + i] - b[bOffset + i];
            sum += d * d;
        }
        return sum;
    }

    @Override
    public void dot4(float[] q, int qOffset, float[] b0, int o0, float[] b1, int o1, float[] b2, int o2,
                     float[] b3, int o3, int length, float[] out) {
        int i = 0;
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        if (length >= LANES) {
            FloatVector acc0 = FloatVector.zero(SPECIES);
            FloatVector acc1 = FloatVector.zero(SPECIES);
            FloatVector acc2 = FloatVector.zero(SPECIES);
            FloatVector acc3 = FloatVector.zero(SPECIES);
            for (int bound = length - LANES; i <= bound; i += LANES) {
                FloatVector vq = FloatVector.fromArray(SPECIES, q, qOffset + i);
                acc0 = vq.fma(FloatVector.fromArray(SPECIES, b0, o0 + i), acc0);
                acc1 = vq.fma(FloatVector.fromArray(SPECIES, b1, o1 + i), acc1);
                acc2 = vq.fma(FloatVector.fromArray(SPECIES, b2, o2 + i), acc2);
                acc3 = vq.fma(FloatVector.fromArray(SPECIES, b3, o3 + i), acc3);
            }
            s0 = acc0.reduceLanes(VectorOperators.ADD);
            s1 = acc1.reduceLanes(VectorOperators.ADD);
            s2 = acc2.reduceLanes(VectorOperators.ADD);
            s3 = acc3.reduceLanes(VectorOperators.ADD);
        }
        for (; i < length; i++) {
            float x = q[qOffset + i];
            s0 += x * b0[o0 + i];
            s1 += x * b1[o1 + i];
            s2 += x * b2[o2 + i];
            s3 += x * b3[o3 + i];
        }
        out[0] = s0;
        out[1] = s1;
        out[2] = s2;
        out[3] = s3;
    }

    @Override
    public void squareDistance4(float[] q, int qOffset, float[] b0, int o0, float[] b1, int o1, float[] b2, int o2,
                                float[] b3, int o3, int length, float[] out) {
        int i = 0;
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        if (length >= LANES) {
            FloatVector acc0 = FloatVector.zero(SPECIES);
            FloatVector acc1 = FloatVector.zero(SPECIES);
            FloatVector acc2 = FloatVector.zero(SPECIES);
            FloatVector acc3 = FloatVector.zero(SPECIES);
            for (int bound = length - LANES; i <= bound; i += LANES) {
                FloatVector vq = FloatVector.fromArray(SPECIES, q, qOffset + i);
                FloatVector d0 = vq.sub(FloatVector.fromArray(SPECIES, b0, o0 + i));
                FloatVector d1 = vq.sub(FloatVector.fromArray(SPECIES, b1, o1 + i));
                FloatVector d2 = vq.sub(FloatVector.fromArray(SPECIES, b2, o2 + i));
                FloatVector d3 = vq.sub(FloatVector.fromArray(SPECIES, b3, o3 + i));
                acc0 = d0.fma(d0, acc0);
                acc1 = d1.fma(d1, acc1);
                acc2 = d2.fma(d2, acc2);
                acc3 = d3.fma(d3, acc3);
            }
            s0 = acc0.reduceLanes(VectorOperators.ADD);
            s1 = acc1.reduceLanes(VectorOperators.ADD);
            s2 = acc2.reduceLanes(VectorOperators.ADD);
            s3 = acc3.reduceLanes(VectorOperators.ADD);
        }
        for (; i < length; i++) {
            float x = q[qOffset + i];
            float d0 = x - b0[o0 + i];
            float d1 = x - b1[o1 + i];
            float d2 = x - b2[o2 + i];
            float d3 = x - b3[o3 + i];
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        out[0] = s0;
        out[1] = s1;
        out[2] = s2;
        out[3] = s3;
    }

    @Override
    public String name() {
        return "panama (" + SPECIES.vectorBitSize() + "-bit)";
    }

    @Override
    public String toString() {
        return name();
    }
}
