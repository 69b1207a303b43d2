package dev.agentdb.cli.testing;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Writes small data set files for tests (the tests generate their inputs; nothing is checked in). */
public final class TestFiles {
    private TestFiles() {
    }

    /**
     * @param file destination
     * @param vectors the vectors
     * @param gzip whether to gzip the file
     * @return the file
     * @throws IOException on write errors
     */
    public static Path fvecs(Path file, float[][] vectors, boolean gzip) throws IOException {
        try (OutputStream out = open(file, gzip)) {
            for (float[] v : vectors) {
                ByteBuffer bb = ByteBuffer.allocate(4 + 4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
                bb.putInt(v.length);
                for (float f : v) {
                    bb.putFloat(f);
                }
                out.write(bb.array());
            }
        }
        return file;
    }

    /**
     * @param file destination
     * @param images pixel bytes per image, each rows x cols long
     * @param rows rows per image
     * @param cols columns per image
     * @param gzip whether to gzip the file
     * @return the file
     * @throws IOException on write errors
     */
    public static Path idxImages(Path file, byte[][] images, int rows, int cols, boolean gzip) throws IOException {
        try (DataOutputStream out = new DataOutputStream(open(file, gzip))) {
            out.writeInt(0x00000803);
            out.writeInt(images.length);
            out.writeInt(rows);
            out.writeInt(cols);
            for (byte[] image : images) {
                out.write(image);
            }
        }
        return file;
    }

    /**
     * @param file destination
     * @param labels one label (0..255) per item
     * @param gzip whether to gzip the file
     * @return the file
     * @throws IOException on write errors
     */
    public static Path idxLabels(Path file, int[] labels, boolean gzip) throws IOException {
        try (DataOutputStream out = new DataOutputStream(open(file, gzip))) {
            out.writeInt(0x00000801);
            out.writeInt(labels.length);
            for (int l : labels) {
                out.write(l);
            }
        }
        return file;
    }

    /**
     * @param file destination
     * @param lines the lines, written with '\n'
     * @return the file
     * @throws IOException on write errors
     */
    public static Path lines(Path file, List<String> lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    /**
     * @param file a file
     * @param newSize keep only this many bytes
     * @return the file
     * @throws IOException on errors
     */
    public static Path truncate(Path file, long newSize) throws IOException {
        byte[] all = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(all, (int) newSize));
        return file;
    }

    /**
     * Deletes a directory and everything in it (for tests outside JUnit Jupiter's {@code @TempDir}).
     *
     * @param dir the directory
     * @throws IOException when something cannot be deleted
     */
    public static void deleteTree(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static OutputStream open(Path file, boolean gzip) throws IOException {
        OutputStream raw = Files.newOutputStream(file);
        return gzip ? new GZIPOutputStream(raw) : raw;
    }
}
