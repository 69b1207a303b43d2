package dev.agentdb.cli.bench;

import dev.agentdb.Metric;
import dev.agentdb.VectorRecord;
import dev.agentdb.cli.io.RecordReader;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.stream.IntStream;
import java.util.zip.CRC32;

/**
 * The exact k nearest base vectors of each query, by brute force with the distances of
 * {@link Metric} (l2: Euclidean distance; cosine: {@code 1 - cos}; inner product: {@code -dot}),
 * ties broken by base ordinal.
 *
 * <p>Computing it streams the base set once in chunks of {@value #CHUNK} vectors, scanning every
 * chunk for all queries in parallel, so memory stays at the queries plus one chunk. It is cached in
 * a small binary file (magic {@code AGDBGT}, format version {@value #FORMAT_VERSION}, the
 * fingerprint of the inputs, then {@code k} ordinals and {@code k} distances per query) that
 * {@link #load(Path, long, int, int)} refuses when the version, fingerprint, k or query count differ.
 */
public final class GroundTruth {
    /** Version of the cache file layout; files of another version are recomputed. */
    public static final int FORMAT_VERSION = 1;
    private static final byte[] MAGIC = {'A', 'G', 'D', 'B', 'G', 'T'};
    private static final int CHUNK = 2048;

    private final long fingerprint;
    private final int k;
    private final int[][] ids;
    private final float[][] distances;

    private GroundTruth(long fingerprint, int k, int[][] ids, float[][] distances) {
        this.fingerprint = fingerprint;
        this.k = k;
        this.ids = ids;
        this.distances = distances;
    }

    /**
     * Computes the ground truth by a brute-force pass over the base set.
     *
     * @param base the base vectors, read in order; ordinal {@code i} is the i-th record read
     * @param limit read at most this many base vectors, or -1 for all
     * @param queries the query vectors
     * @param k neighbours per query
     * @param metric the distance definition
     * @param fingerprint identifies the inputs (see {@link #fingerprint(String, long, int, Metric, float[][])})
     * @param progress called with the number of base vectors scanned so far
     * @return the ground truth
     * @throws IOException when the base set cannot be read
     */
    public static GroundTruth compute(RecordReader base, long limit, float[][] queries, int k, Metric metric,
                                      long fingerprint, LongConsumer progress) throws IOException {
        int q = queries.length;
        TopK[] best = new TopK[q];
        for (int i = 0; i < q; i++) {
            best[i] = new TopK(k);
        }
        float[] queryNorms = new float[q];
        for (int i = 0; i < q; i++) {
            queryNorms[i] = (float) Math.sqrt(dot(queries[i], queries[i]));
        }
        float[][] chunk = new float[CHUNK][];
        float[] chunkNorms = new float[CHUNK];
        long read = 0;
        long max = limit < 0 ? Long.MAX_VALUE : limit;
        while (read < max) {
            int n = 0;
            long firstOrdinal = read;
            for (VectorRecord r; n < CHUNK && read < max && (r = base.next()) != null; n++, read++) {
                chunk[n] = r.embedding();
                chunkNorms[n] = metric == Metric.COSINE ? (float) Math.sqrt(dot(r.embedding(), r.embedding())) : 0f;
            }
            if (n == 0) {
                break;
            }
            final int size = n;
            IntStream.range(0, q).parallel().forEach(i -> {
                float[] query = queries[i];
                TopK top = best[i];
                for (int j = 0; j < size; j++) {
                    float d = distance(metric, query, queryNorms[i], chunk[j], chunkNorms[j], top.worst());
                    top.offer((int) (firstOrdinal + j), d);
                }
            });
            progress.accept(read);
            if (size < CHUNK) {
                break;
            }
        }
        int[][] ids = new int[q][];
        float[][] dist = new float[q][];
        for (int i = 0; i < q; i++) {
            ids[i] = best[i].ids();
            dist[i] = best[i].distances();
            if (metric == Metric.L2) {
                for (int j = 0; j < dist[i].length; j++) {
                    dist[i][j] = (float) Math.sqrt(dist[i][j]);
                }
            }
        }
        return new GroundTruth(fingerprint, k, ids, dist);
    }

    /**
     * Distance for ranking: squared Euclidean for l2 (monotone in the Euclidean distance; the
     * square root is taken once at the end), {@code 1 - cos} for cosine, {@code -dot} for inner product.
     */
    private static float distance(Metric metric, float[] a, float aNorm, float[] b, float bNorm, float bound) {
        switch (metric) {
            case L2: return squareDistance(a, b, bound);
            case INNER_PRODUCT: return -dot(a, b);
            case COSINE: {
                float denom = aNorm * bNorm;
                return denom == 0f ? 1f : 1f - dot(a, b) / denom;
            }
            default: throw new AssertionError(metric);
        }
    }

    /**
     * Squared distance with four accumulators; returns a partial sum as soon as it exceeds the
     * bound (such a candidate cannot enter the top k, so its exact value does not matter).
     */
    private static float squareDistance(float[] a, float[] b, float bound) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int n = a.length;
        int n4 = n & ~3;
        int i = 0;
        while (i < n4) {
            int end = Math.min(n4, i + 64);
            for (; i < end; i += 4) {
                float d0 = a[i] - b[i];
                float d1 = a[i + 1] - b[i + 1];
                float d2 = a[i + 2] - b[i + 2];
                float d3 = a[i + 3] - b[i + 3];
                s0 += d0 * d0;
                s1 += d1 * d1;
                s2 += d2 * d2;
                s3 += d3 * d3;
            }
            float partial = s0 + s1 + s2 + s3;
            if (partial > bound) {
                return partial;
            }
        }
        float s = s0 + s1 + s2 + s3;
        for (; i < n; i++) {
            float d = a[i] - b[i];
            s += d * d;
        }
        return s;
    }

    private static float dot(float[] a, float[] b) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int n = a.length;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        float s = s0 + s1 + s2 + s3;
        for (; i < n; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /**
     * Identifies the inputs of a ground truth, so that a cache computed for other data is refused.
     *
     * @param baseName a stable name of the base set (e.g. its file name and size)
     * @param baseCount number of base vectors used
     * @param k neighbours per query
     * @param metric the metric
     * @param queries the query vectors
     * @return a 64-bit fingerprint
     */
    public static long fingerprint(String baseName, long baseCount, int k, Metric metric, float[][] queries) {
        CRC32 crc = new CRC32();
        crc.update((baseName + "|" + baseCount + "|" + k + "|" + metric.wireName() + "|" + queries.length).getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        byte[] buf = new byte[4];
        for (float[] q : queries) {
            for (float f : q) {
                int bits = Float.floatToIntBits(f);
                buf[0] = (byte) (bits >>> 24);
                buf[1] = (byte) (bits >>> 16);
                buf[2] = (byte) (bits >>> 8);
                buf[3] = (byte) bits;
                crc.update(buf);
            }
        }
        return crc.getValue() ^ ((long) (baseName + baseCount).hashCode() << 32);
    }

    /**
     * Loads a cached ground truth when it matches.
     *
     * @param file the cache file
     * @param fingerprint the expected fingerprint of the inputs
     * @param k the expected k
     * @param queries the expected number of queries
     * @return the ground truth, or empty when the file is absent, of another version or for other inputs
     * @throws IOException when the file exists but cannot be read
     */
    public static Optional<GroundTruth> load(Path file, long fingerprint, int k, int queries) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC) || in.readInt() != FORMAT_VERSION || in.readLong() != fingerprint
                    || in.readInt() != k || in.readInt() != queries) {
                return Optional.empty();
            }
            int[][] ids = new int[queries][];
            float[][] dist = new float[queries][];
            for (int i = 0; i < queries; i++) {
                int n = in.readInt();
                if (n < 0 || n > k) {
                    return Optional.empty();
                }
                ids[i] = new int[n];
                dist[i] = new float[n];
                for (int j = 0; j < n; j++) {
                    ids[i][j] = in.readInt();
                }
                for (int j = 0; j < n; j++) {
                    dist[i][j] = in.readFloat();
                }
            }
            if (in.read() != -1) {
                return Optional.empty();
            }
            return Optional.of(new GroundTruth(fingerprint, k, ids, dist));
        } catch (EOFException e) {
            return Optional.empty(); // truncated: recompute
        }
    }

    /**
     * Writes this ground truth atomically (to a temporary file, then renamed).
     *
     * @param file the cache file
     * @throws IOException when it cannot be written
     */
    public void save(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            out.write(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeLong(fingerprint);
            out.writeInt(k);
            out.writeInt(ids.length);
            for (int i = 0; i < ids.length; i++) {
                out.writeInt(ids[i].length);
                for (int id : ids[i]) {
                    out.writeInt(id);
                }
                for (float d : distances[i]) {
                    out.writeFloat(d);
                }
            }
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** @return neighbours per query */
    public int k() {
        return k;
    }

    /** @return number of queries */
    public int queries() {
        return ids.length;
    }

    /**
     * @param query query index
     * @return base ordinals of its exact neighbours, closest first
     */
    public int[] ids(int query) {
        return ids[query].clone();
    }

    /**
     * @param query query index
     * @return the distances of its exact neighbours, ascending
     */
    public float[] distances(int query) {
        return distances[query].clone();
    }

    /**
     * recall@k of one answer: the fraction of the exact top {@code k} found among the answer's first {@code k}.
     *
     * @param query query index
     * @param found base ordinals returned by the index, closest first (-1 for ids that are not ordinals)
     * @param k the k to measure at, at most {@link #k()}
     * @return a value in [0, 1]
     */
    public double recall(int query, int[] found, int k) {
        int[] truth = ids[query];
        int want = Math.min(k, truth.length);
        if (want == 0) {
            return 1.0;
        }
        int hits = 0;
        for (int i = 0; i < Math.min(k, found.length); i++) {
            for (int j = 0; j < want; j++) {
                if (truth[j] == found[i]) {
                    hits++;
                    break;
                }
            }
        }
        return hits / (double) want;
    }
}
