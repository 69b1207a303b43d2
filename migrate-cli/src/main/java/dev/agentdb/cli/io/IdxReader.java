package dev.agentdb.cli.io;

import dev.agentdb.VectorRecord;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads IDX image files, the format of MNIST and Fashion-MNIST (raw or gzip'd): a big-endian
 * header {@code 0x00000803, count, rows, cols} followed by {@code count x rows x cols} unsigned
 * bytes. Each image becomes a {@code float[rows x cols]} of pixel values 0 to 255, with id
 * {@code idPrefix + ordinal} (0-based).
 *
 * <p>With a label file (IDX1: {@code 0x00000801, count}, then one unsigned byte per item; the count
 * must match), each record carries metadata {@code {"label": n}} plus {@code "class": name} when
 * {@link ReaderOptions#labelNames()} names the label.
 *
 * <p>Byte offsets in errors are offsets in the (decompressed) IDX data.
 */
public final class IdxReader implements RecordReader {
    /** Magic number of an IDX file of unsigned bytes with three dimensions (images). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an IDX file of unsigned bytes with one dimension (labels). */
    public static final int LABELS_MAGIC = 0x00000801;
    /** Size of the images header in bytes. */
    public static final int IMAGES_HEADER_BYTES = 16;
    /** Size of the labels header in bytes. */
    public static final int LABELS_HEADER_BYTES = 8;

    private final Path file;
    private final InputStream in;
    private final Path labelsFile;
    private final InputStream labelsIn;
    private final LabelNames labelNames;
    private final String idPrefix;
    private final int count;
    private final int rows;
    private final int cols;
    private final byte[] pixels;
    private int ordinal;
    private boolean endChecked;

    /**
     * Opens an image file and, when the options name one, its label file; both headers are checked.
     *
     * @param file the IDX3 image file
     * @param options id prefix, label file and label names
     * @throws DatasetFormatException when a header is malformed or the counts differ
     * @throws IOException when a file cannot be opened
     */
    public IdxReader(Path file, ReaderOptions options) throws IOException {
        this.file = file;
        this.idPrefix = options.idPrefix();
        this.labelNames = options.labelNames();
        this.in = Inputs.open(file);
        InputStream labels = null;
        try {
            DataInputStream header = new DataInputStream(in);
            int[] h = readHeader(header, file, 4, IMAGES_MAGIC, "an IDX3 image file (unsigned bytes, 3 dimensions)");
            this.count = h[1];
            this.rows = h[2];
            this.cols = h[3];
            if (count < 0 || rows < 1 || cols < 1 || (long) rows * cols > dev.agentdb.Limits.MAX_DIMENSION) {
                throw new DatasetFormatException(file, "byte offset 4", "implausible IDX3 header: count " + count
                        + ", rows " + rows + ", cols " + cols);
            }
            this.pixels = new byte[rows * cols];
            this.labelsFile = options.labels();
            if (labelsFile != null) {
                labels = Inputs.open(labelsFile);
                int[] lh = readHeader(new DataInputStream(labels), labelsFile, 2, LABELS_MAGIC, "an IDX1 label file (unsigned bytes, 1 dimension)");
                if (lh[1] != count) {
                    throw new DatasetFormatException(labelsFile, "byte offset 4", "holds " + lh[1] + " labels but "
                            + file.getFileName() + " holds " + count + " images");
                }
            }
            this.labelsIn = labels;
        } catch (IOException | RuntimeException e) {
            in.close();
            if (labels != null) {
                labels.close();
            }
            throw e;
        }
    }

    private static int[] readHeader(DataInputStream in, Path file, int ints, int magic, String what) throws IOException {
        int[] h = new int[ints];
        for (int i = 0; i < ints; i++) {
            byte[] b = new byte[4];
            int n = Inputs.readFully(in, b, file, i * 4L);
            if (n < 4) {
                throw new DatasetFormatException(file, "byte offset " + (i * 4 + n), "truncated IDX header: expected "
                        + ints * 4 + " bytes, the file ends after " + (i * 4 + n));
            }
            h[i] = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
            if (i == 0 && h[0] != magic) {
                throw new DatasetFormatException(file, "byte offset 0", String.format("magic number 0x%08x; expected 0x%08x for %s",
                        h[0], magic, what));
            }
        }
        return h;
    }

    @Override
    public VectorRecord next() throws IOException {
        if (ordinal >= count) {
            checkEnd();
            return null;
        }
        int n = Inputs.readFully(in, pixels, file, imageOffset(ordinal));
        if (n < pixels.length) {
            throw new DatasetFormatException(file, "byte offset " + (imageOffset(ordinal) + n), "truncated: image " + ordinal
                    + " of " + count + " needs " + pixels.length + " bytes but the data end after " + n);
        }
        float[] v = new float[pixels.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = pixels[i] & 0xff;
        }
        Map<String, Object> metadata = null;
        if (labelsIn != null) {
            int label = readLabel();
            if (label < 0) {
                throw new DatasetFormatException(labelsFile, "byte offset " + (LABELS_HEADER_BYTES + (long) ordinal),
                        "truncated: label " + ordinal + " of " + count + " is missing");
            }
            metadata = new LinkedHashMap<>();
            metadata.put("label", label);
            String name = labelNames == null ? null : labelNames.nameOf(label);
            if (name != null) {
                metadata.put("class", name);
            }
        }
        return VectorRecord.of(idPrefix + ordinal++, v, metadata);
    }

    @Override
    public long skip(long n) throws IOException {
        long todo = Math.min(n, count - ordinal);
        for (long i = 0; i < todo; i++) {
            if (Inputs.readFully(in, pixels, file, imageOffset(ordinal)) < pixels.length) {
                throw new DatasetFormatException(file, "byte offset " + imageOffset(ordinal), "truncated: image " + ordinal
                        + " of " + count + " is incomplete");
            }
            if (labelsIn != null && readLabel() < 0) {
                throw new DatasetFormatException(labelsFile, "byte offset " + (LABELS_HEADER_BYTES + (long) ordinal),
                        "truncated: label " + ordinal + " of " + count + " is missing");
            }
            ordinal++;
        }
        return todo;
    }

    /**
     * At the end of the images: the data must end too (this also makes a gzip stream check its
     * CRC, so corruption inside stored blocks is caught).
     */
    private void checkEnd() throws IOException {
        if (endChecked) {
            return;
        }
        endChecked = true;
        long end = imageOffset(count);
        int extra;
        try {
            extra = in.read();
        } catch (java.util.zip.ZipException e) {
            throw new DatasetFormatException(file, "byte offset " + end, "corrupt gzip data: " + e.getMessage(), e);
        }
        if (extra >= 0) {
            throw new DatasetFormatException(file, "byte offset " + end, "unexpected data after the last of the " + count
                    + " images the header announces");
        }
        if (labelsIn != null) {
            long labelsEnd = LABELS_HEADER_BYTES + (long) count;
            int more;
            try {
                more = labelsIn.read();
            } catch (java.util.zip.ZipException e) {
                throw new DatasetFormatException(labelsFile, "byte offset " + labelsEnd, "corrupt gzip data: " + e.getMessage(), e);
            }
            if (more >= 0) {
                throw new DatasetFormatException(labelsFile, "byte offset " + labelsEnd, "unexpected data after the last of the "
                        + count + " labels the header announces");
            }
        }
    }

    private int readLabel() throws IOException {
        try {
            return labelsIn.read();
        } catch (java.util.zip.ZipException e) {
            throw new DatasetFormatException(labelsFile, "byte offset " + (LABELS_HEADER_BYTES + (long) ordinal),
                    "corrupt gzip data: " + e.getMessage(), e);
        }
    }

    private long imageOffset(int image) {
        return IMAGES_HEADER_BYTES + (long) image * pixels.length;
    }

    /** @return rows per image */
    public int rows() {
        return rows;
    }

    /** @return columns per image */
    public int cols() {
        return cols;
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public int dimension() {
        return rows * cols;
    }

    @Override
    public long expectedCount() {
        return count;
    }

    @Override
    public String position() {
        return "byte offset " + imageOffset(Math.max(0, ordinal - 1)) + " (image " + Math.max(0, ordinal - 1) + ")";
    }

    @Override
    public void close() throws IOException {
        try {
            in.close();
        } finally {
            if (labelsIn != null) {
                labelsIn.close();
            }
        }
    }
}
