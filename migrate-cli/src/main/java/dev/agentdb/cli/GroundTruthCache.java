package dev.agentdb.cli;

import dev.agentdb.Metric;
import dev.agentdb.cli.bench.GroundTruth;
import dev.agentdb.cli.io.FashionMnist;
import dev.agentdb.cli.io.IdxReader;
import dev.agentdb.cli.io.RecordReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads the Fashion-MNIST ground truth from its cache file, or computes and caches it. */
final class GroundTruthCache {
    private GroundTruthCache() {
    }

    /**
     * @param truth the ground truth
     * @param cached whether it came from the cache
     * @param seconds time to compute it (0 when cached)
     */
    record Result(GroundTruth truth, boolean cached, double seconds) {
    }

    /**
     * @param cache the cache file
     * @param files the data set
     * @param baseCount training images in the base set
     * @param queries the query vectors
     * @param k neighbours per query
     * @param progress whether to draw a progress bar while computing
     * @return the ground truth
     * @throws IOException when the data set cannot be read or the cache cannot be written
     */
    static Result loadOrCompute(Path cache, FashionMnist files, int baseCount, float[][] queries, int k, boolean progress)
            throws IOException {
        long fingerprint = GroundTruth.fingerprint(files.trainImages().getFileName() + ":" + Files.size(files.trainImages()),
                baseCount, k, Metric.L2, queries);
        var cached = GroundTruth.load(cache, fingerprint, k, queries.length);
        if (cached.isPresent()) {
            return new Result(cached.get(), true, 0);
        }
        long t0 = System.nanoTime();
        GroundTruth truth;
        try (RecordReader base = new IdxReader(files.trainImages(), dev.agentdb.cli.io.ReaderOptions.DEFAULT);
             Progress bar = Progress.start(progress, "ground truth", baseCount)) {
            truth = GroundTruth.compute(base, baseCount, queries, k, Metric.L2, fingerprint, bar::stepTo);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        truth.save(cache);
        return new Result(truth, false, seconds);
    }
}
