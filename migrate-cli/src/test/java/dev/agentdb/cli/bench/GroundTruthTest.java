package dev.agentdb.cli.bench;

import dev.agentdb.Metric;
import dev.agentdb.cli.io.FvecsReader;
import dev.agentdb.cli.io.ReaderOptions;
import dev.agentdb.cli.io.RecordReader;
import dev.agentdb.cli.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class GroundTruthTest {
    @TempDir
    Path dir;

    private static float[][] random(int n, int dim, long seed) {
        Random rnd = new Random(seed);
        float[][] v = new float[n][dim];
        for (float[] row : v) {
            for (int i = 0; i < dim; i++) {
                row[i] = rnd.nextInt(16); // small integers: exact float arithmetic, many ties
            }
        }
        return v;
    }

    private static double naive(Metric metric, float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0, l2 = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
            l2 += (a[i] - b[i]) * (a[i] - b[i]);
        }
        switch (metric) {
            case L2: return Math.sqrt(l2);
            case INNER_PRODUCT: return -dot;
            default: return na == 0 || nb == 0 ? 1 : 1 - dot / Math.sqrt(na * nb);
        }
    }

    private GroundTruth compute(Metric metric, float[][] base, float[][] queries, int k, long limit) throws IOException {
        Path f = TestFiles.fvecs(dir.resolve(metric + ".fvecs"), base, false);
        try (RecordReader in = new FvecsReader(f, ReaderOptions.DEFAULT)) {
            return GroundTruth.compute(in, limit, queries, k, metric, 1L, n -> { });
        }
    }

    @Test
    void should_match_a_naive_sort_for_every_metric_with_ties_broken_by_ordinal() throws IOException {
        float[][] base = random(5000, 12, 1); // more than one chunk
        float[][] queries = random(7, 12, 2);
        for (Metric metric : Metric.values()) {
            GroundTruth gt = compute(metric, base, queries, 10, -1);
            for (int q = 0; q < queries.length; q++) {
                final int qq = q;
                Integer[] expected = IntStream.range(0, base.length).boxed()
                        .sorted(Comparator.<Integer>comparingDouble(i -> naive(metric, queries[qq], base[i])).thenComparing(i -> i))
                        .limit(10).toArray(Integer[]::new);
                assertThat(Arrays.stream(gt.ids(q)).boxed().toArray(Integer[]::new)).as(metric + " query " + q).containsExactly(expected);
                assertThat((double) gt.distances(q)[0]).isCloseTo(naive(metric, queries[q], base[expected[0]]), org.assertj.core.data.Offset.offset(1e-4));
            }
        }
    }

    @Test
    void should_use_only_the_first_limit_base_vectors() throws IOException {
        float[][] base = random(100, 4, 3);
        GroundTruth gt = compute(Metric.L2, base, new float[][] {base[80]}, 5, 50);
        assertThat(Arrays.stream(gt.ids(0)).max().getAsInt()).isLessThan(50);
        assertThat(gt.ids(0)).doesNotContain(80);
    }

    @Test
    void should_round_trip_through_the_cache_file_and_refuse_other_inputs() throws IOException {
        float[][] base = random(300, 6, 4);
        float[][] queries = random(5, 6, 5);
        long fp = GroundTruth.fingerprint("base", 300, 10, Metric.L2, queries);
        GroundTruth gt;
        Path f = TestFiles.fvecs(dir.resolve("b.fvecs"), base, false);
        try (RecordReader in = new FvecsReader(f, ReaderOptions.DEFAULT)) {
            gt = GroundTruth.compute(in, -1, queries, 10, Metric.L2, fp, n -> { });
        }
        Path cache = dir.resolve("db.gt-k10-q5.bin");
        gt.save(cache);
        GroundTruth back = GroundTruth.load(cache, fp, 10, 5).orElseThrow();
        for (int q = 0; q < 5; q++) {
            assertThat(back.ids(q)).containsExactly(gt.ids(q));
            assertThat(back.distances(q)).containsExactly(gt.distances(q));
        }
        assertThat(GroundTruth.load(cache, fp + 1, 10, 5)).isEmpty();
        assertThat(GroundTruth.load(cache, fp, 20, 5)).isEmpty();
        assertThat(GroundTruth.load(cache, fp, 10, 6)).isEmpty();
        assertThat(GroundTruth.load(dir.resolve("absent.bin"), fp, 10, 5)).isEmpty();
        assertThat(GroundTruth.fingerprint("base", 299, 10, Metric.L2, queries)).isNotEqualTo(fp);
        queries[0][0] += 1;
        assertThat(GroundTruth.fingerprint("base", 300, 10, Metric.L2, queries)).isNotEqualTo(fp);

        try (RandomAccessFile raf = new RandomAccessFile(cache.toFile(), "rw")) {
            raf.seek(6);
            raf.writeInt(GroundTruth.FORMAT_VERSION + 1); // a future layout
        }
        assertThat(GroundTruth.load(cache, fp, 10, 5)).isEmpty();
        try (RandomAccessFile raf = new RandomAccessFile(cache.toFile(), "rw")) {
            raf.seek(6);
            raf.writeInt(GroundTruth.FORMAT_VERSION);
            raf.setLength(raf.length() - 3); // truncated
        }
        assertThat(GroundTruth.load(cache, fp, 10, 5)).isEmpty();
    }

    @Test
    void should_measure_recall_as_the_overlap_with_the_exact_top_k() throws IOException {
        float[][] base = {{0}, {1}, {2}, {3}, {4}, {5}};
        GroundTruth gt = compute(Metric.L2, base, new float[][] {{0}}, 4, -1);
        assertThat(gt.ids(0)).containsExactly(0, 1, 2, 3);
        assertThat(gt.recall(0, new int[] {0, 1, 2, 3}, 4)).isEqualTo(1.0);
        assertThat(gt.recall(0, new int[] {3, 2, 5, -1}, 4)).isEqualTo(0.5);
        assertThat(gt.recall(0, new int[] {0}, 4)).isEqualTo(0.25);
        assertThat(gt.recall(0, new int[] {1, 0}, 1)).isEqualTo(0.0);
    }
}
