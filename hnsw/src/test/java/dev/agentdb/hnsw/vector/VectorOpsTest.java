package dev.agentdb.hnsw.vector;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class VectorOpsTest {

    private static final int[] LENGTHS = lengths();

    private static int[] lengths() {
        int[] extra = {95, 96, 97, 127, 128, 129, 383, 384, 385, 783, 784, 785, 1536, 1537};
        int[] all = new int[70 + extra.length];
        for (int i = 0; i < 70; i++) {
            all[i] = i + 1;
        }
        System.arraycopy(extra, 0, all, 70, extra.length);
        return all;
    }

    @Test
    void should_choose_the_vector_api_kernels_when_the_module_is_present() {
        // surefire starts the JVM with --add-modules jdk.incubator.vector (root pom vector.jvm.args)
        assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isPresent();
        assertThat(VectorOpsProvider.get().name()).startsWith("panama");
        assertThat(VectorOpsProvider.get()).isSameAs(VectorOpsProvider.get());
        assertThat(VectorOpsProvider.scalar().name()).isEqualTo("scalar");
    }

    @Test
    void should_agree_with_a_double_precision_reference_for_scalar_and_panama_at_every_length() {
        VectorOps scalar = VectorOpsProvider.scalar();
        VectorOps panama = VectorOpsProvider.panama();
        SplittableRandom r = new SplittableRandom(1);
        for (int len : LENGTHS) {
            // offsets exercise addressing inside flat arrays
            float[] a = random(r, len + 7);
            float[] b = random(r, len + 3);
            double dot = 0;
            double sq = 0;
            double scale = 0;
            for (int i = 0; i < len; i++) {
                dot += (double) a[7 + i] * b[3 + i];
                double d = (double) a[7 + i] - b[3 + i];
                sq += d * d;
                scale += Math.abs((double) a[7 + i] * b[3 + i]);
            }
            double tol = 1e-5 * (scale + 1);
            assertThat((double) scalar.dot(a, 7, b, 3, len)).as("scalar dot, length %d", len).isCloseTo(dot, within(tol));
            assertThat((double) panama.dot(a, 7, b, 3, len)).as("panama dot, length %d", len).isCloseTo(dot, within(tol));
            assertThat((double) scalar.squareDistance(a, 7, b, 3, len)).as("scalar sq, length %d", len)
                    .isCloseTo(sq, within(1e-5 * (sq + 1)));
            assertThat((double) panama.squareDistance(a, 7, b, 3, len)).as("panama sq, length %d", len)
                    .isCloseTo(sq, within(1e-5 * (sq + 1)));
        }
    }

    @Test
    void should_compute_four_way_kernels_like_four_single_calls() {
        SplittableRandom r = new SplittableRandom(2);
        for (VectorOps ops : new VectorOps[] {VectorOpsProvider.scalar(), VectorOpsProvider.panama()}) {
            for (int len : LENGTHS) {
                float[] q = random(r, len + 1);
                float[] flat = random(r, 4 * len + 5);
                float[] other = random(r, len);
                int[] offsets = {5, 5 + len, 0, 5 + 3 * len};
                float[][] arrays = {flat, flat, other, flat};
                float[] dots = new float[4];
                float[] squares = new float[4];
                ops.dot4(q, 1, arrays[0], offsets[0], arrays[1], offsets[1], arrays[2], offsets[2], arrays[3], offsets[3], len, dots);
                ops.squareDistance4(q, 1, arrays[0], offsets[0], arrays[1], offsets[1], arrays[2], offsets[2], arrays[3], offsets[3],
                        len, squares);
                for (int j = 0; j < 4; j++) {
                    float dot = ops.dot(q, 1, arrays[j], offsets[j], len);
                    float sq = ops.squareDistance(q, 1, arrays[j], offsets[j], len);
                    assertThat(dots[j]).as("%s dot4[%d], length %d", ops.name(), j, len).isCloseTo(dot, within(1e-4f * (len + 1)));
                    assertThat(squares[j]).as("%s squareDistance4[%d], length %d", ops.name(), j, len)
                            .isCloseTo(sq, within(1e-5f * (sq + 1)));
                }
            }
        }
    }

    @Test
    void should_compute_whole_array_shortcuts_like_the_offset_forms() {
        VectorOps ops = VectorOpsProvider.get();
        float[] a = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17};
        float[] b = new float[a.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = 2 - i;
        }
        double dot = 0;
        double sq = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            sq += (a[i] - b[i]) * (a[i] - b[i]);
        }
        assertThat((double) ops.dot(a, b)).isEqualTo(dot);
        assertThat((double) ops.squareDistance(a, b)).isEqualTo(sq);
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextDouble(-1, 1);
        }
        return v;
    }
}
