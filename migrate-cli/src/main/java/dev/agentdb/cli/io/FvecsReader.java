package dev.agentdb.cli.io;

import dev.agentdb.Limits;
import dev.agentdb.VectorRecord;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads {@code .fvecs} files (the TEXMEX / ANN-benchmarks format): each vector is a little-endian
 * int32 dimension {@code d} followed by {@code d} little-endian float32 components. Every vector of a
 * file must have the same dimension. gzip'd files are read transparently.
 *
 * <p>Records get ids {@code idPrefix + ordinal} (0-based) and empty metadata.
 */
public final class FvecsReader implements RecordReader {
    private final Path file;
    private final InputStream in;
    private final String idPrefix;
    private final long expectedCount;
    private final byte[] header = new byte[Integer.BYTES];
    private byte[] body;
    private int dimension;
    private long ordinal;
    private long offset;
    private long recordOffset;

    /**
     * Opens a file.
     *
     * @param file the {@code .fvecs} file (raw or gzip'd)
     * @param options id prefix
     * @throws IOException when the file cannot be opened
     */
    public FvecsReader(Path file, ReaderOptions options) throws IOException {
        this.file = file;
        this.idPrefix = options.idPrefix();
        boolean gzip = Inputs.isGzip(file);
        this.in = Inputs.open(file);
        this.expectedCount = gzip ? -1 : expectedCount(file);
    }

    private long expectedCount(Path f) throws IOException {
        long size = Files.size(f);
        if (size < Integer.BYTES) {
            return -1;
        }
        try (InputStream peek = Files.newInputStream(f)) {
            byte[] first = peek.readNBytes(Integer.BYTES);
            int d = ByteBuffer.wrap(first).order(ByteOrder.LITTLE_ENDIAN).getInt();
            long recordBytes = Integer.BYTES + (long) d * Float.BYTES;
            return d > 0 && size % recordBytes == 0 ? size / recordBytes : -1;
        }
    }

    @Override
    public VectorRecord next() throws IOException {
        long start = offset;
        int n = Inputs.readFully(in, header, file, start);
        if (n == 0) {
            return null;
        }
        recordOffset = start;
        if (n < header.length) {
            throw error(recordOffset, "truncated vector " + ordinal + ": expected a 4-byte dimension, found " + n + " byte(s)");
        }
        offset += n;
        int d = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (d < 1 || d > Limits.MAX_DIMENSION) {
            throw error(recordOffset, "vector " + ordinal + " declares dimension " + d + "; expected 1 to " + Limits.MAX_DIMENSION
                    + " (is this really an .fvecs file?)");
        }
        if (dimension == 0) {
            dimension = d;
            body = new byte[d * Float.BYTES];
        } else if (d != dimension) {
            throw error(recordOffset, "vector " + ordinal + " declares dimension " + d + " but the file's first vector has " + dimension);
        }
        int got = Inputs.readFully(in, body, file, offset);
        if (got < body.length) {
            throw error(recordOffset, "truncated vector " + ordinal + ": expected " + body.length + " bytes of components after its dimension, found " + got);
        }
        ByteBuffer bb = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[d];
        for (int i = 0; i < d; i++) {
            v[i] = bb.getFloat();
            if (!Float.isFinite(v[i])) {
                throw error(offset + (long) i * Float.BYTES, "vector " + ordinal + " component " + i + " is " + v[i] + "; components must be finite");
            }
        }
        offset += got;
        return VectorRecord.of(idPrefix + ordinal++, v, null);
    }

    private DatasetFormatException error(long at, String problem) {
        return new DatasetFormatException(file, "byte offset " + at, problem);
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public long expectedCount() {
        return expectedCount;
    }

    @Override
    public String position() {
        return "byte offset " + recordOffset;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
