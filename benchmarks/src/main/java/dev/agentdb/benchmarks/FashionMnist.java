package dev.agentdb.benchmarks;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

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

    private static final int IMAGE_MAGIC = 0x00000803;

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
        try (InputStream raw = Files.newInputStream(dir().resolve(file));
             DataInputStream in = new DataInputStream(new GZIPInputStream(raw, 1 << 16))) {
            int magic = in.readInt();
            if (magic != IMAGE_MAGIC) {
                throw new IOException(file + ": magic 0x" + Integer.toHexString(magic) + " is not an IDX image file (0x803)");
            }
            int count = Math.min(in.readInt(), limit);
            int dim = in.readInt() * in.readInt();
            float[][] out = new float[count][dim];
            byte[] buf = new byte[dim];
            for (int i = 0; i < count; i++) {
                in.readFully(buf);
                for (int j = 0; j < dim; j++) {
                    out[i][j] = buf[j] & 0xFF;
                }
            }
            return out;
        }
    }
}
