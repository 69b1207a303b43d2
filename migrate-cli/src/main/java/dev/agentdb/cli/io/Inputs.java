package dev.agentdb.cli.io;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Opening data files: gzip is recognised by its magic bytes, whatever the file name. */
public final class Inputs {
    private static final int BUFFER_BYTES = 1 << 16;

    private Inputs() {
    }

    /**
     * Opens a file for buffered reading, decompressing it when it starts with the gzip magic
     * ({@code 1f 8b}).
     *
     * @param file the file
     * @return a buffered stream of the (decompressed) content
     * @throws NoSuchFileException when the file does not exist
     * @throws IOException when it cannot be read
     */
    public static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES);
        if (isGzip(raw)) {
            return new BufferedInputStream(new GZIPInputStream(raw, BUFFER_BYTES), BUFFER_BYTES);
        }
        return raw;
    }

    /**
     * @param file a file
     * @return whether it starts with the gzip magic
     * @throws IOException when it cannot be read
     */
    public static boolean isGzip(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 2)) {
            return isGzip(in);
        }
    }

    private static boolean isGzip(InputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b;
    }

    /**
     * Like {@link #readFully(InputStream, byte[])}, reporting corrupt compressed data as malformed
     * input at a position.
     *
     * @param in the stream
     * @param buf the destination
     * @param file the file, for the error
     * @param offset the offset of {@code buf[0]} in the (decompressed) data, for the error
     * @return bytes read: {@code buf.length}, or less at the end of the stream
     * @throws DatasetFormatException when the gzip data are corrupt
     * @throws IOException when the stream fails otherwise
     */
    public static int readFully(InputStream in, byte[] buf, Path file, long offset) throws IOException {
        try {
            return readFully(in, buf);
        } catch (ZipException e) {
            throw new DatasetFormatException(file, "byte offset " + offset, "corrupt gzip data: " + e.getMessage(), e);
        }
    }

    /**
     * Reads exactly {@code buf.length} bytes, or fewer only at the end of the stream.
     *
     * @param in the stream
     * @param buf the destination
     * @return bytes read: {@code buf.length}, or less at the end of the stream
     * @throws IOException when the stream fails (a corrupt gzip stream included)
     */
    public static int readFully(InputStream in, byte[] buf) throws IOException {
        int n = 0;
        while (n < buf.length) {
            int r;
            try {
                r = in.read(buf, n, buf.length - n);
            } catch (EOFException e) {
                return n; // a gzip stream cut short
            }
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n;
    }
}
