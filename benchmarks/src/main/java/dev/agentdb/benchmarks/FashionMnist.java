package dev.agentdb.benchmarks;

import dev.agentdb.cli.io.IdxReader;
import dev.agentdb.cli.io.ReaderOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads Fashion-MNIST (Xiao, Rasul &amp; Vollgraf, arXiv:1708.07747) image files: gzip'd IDX,
 * big-endian header {@code 0x00000803, count, rows, cols}, then one unsigned byte per pixel.
 * Pixels become floats 0..255, so each image is a {@code float[rows * cols]} (784) vector, the
 * layout ann-benchmarks uses for its {@code fashion-mnist-784-euclidean} set.
 */
public final class FashionMnist {
    /** System property naming the directory holding the {@code *-images-idx3-ubyte.gz} files. */
    public static final String DIR_PROPERTY = "agentdb.fashionMnist.dir";
    /** Default directory. */
    public static final String DEFAULT_DIR = "/usr/share/datasets/fashion-mnist";
    /** Training images file name (60,000 images). */
    public static final String TRAIN = "train-images-idx3-ubyte.gz";
    /** Test images file name (10,000 images). */
    public static final String TEST = "t10k-images-idx3-ubyte.gz";

    private FashionMnist() {
    }

    /** @return the dataset directory: {@value #DIR_PROPERTY} or {@value #DEFAULT_DIR} */
    public static Path dir() {
        return Path.of(System.getProperty(DIR_PROPERTY, DEFAULT_DIR));
    }

    /** @return whether both image files exist in {@link #dir()} */
    public static boolean available() {
        return Files.isRegularFile(dir().resolve(TRAIN)) && Files.isRegularFile(dir().resolve(TEST));
    }

    /**
     * @param file {@link #TRAIN} or {@link #TEST}
     * @param limit most images to read
     * @return {@code float[min(count, limit)][rows * cols]}, pixel values 0..255
     * @throws IOException when the file is missing, truncated or not an IDX image file
     */
    public static float[][] load(String file, int limit) throws IOException {
        // The CLI's reader is the project's one IDX parser (header checks, offsets in errors).
        try (IdxReader in = new IdxReader(dir().resolve(file), ReaderOptions.DEFAULT)) {
            int count = (int) Math.min(in.expectedCount(), limit);
            float[][] out = new float[count][];
            for (int i = 0; i < count; i++) {
                out[i] = in.next().embedding();
            }
            return out;
        }
    }
}
