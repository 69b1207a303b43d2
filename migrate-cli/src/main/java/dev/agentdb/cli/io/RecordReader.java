package dev.agentdb.cli.io;

import dev.agentdb.VectorRecord;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads the records of one data set file in order, one at a time (constant memory). Not
 * thread-safe. Typical use:
 *
 * <pre>{@code
 * try (RecordReader in = DatasetFormat.FVECS.open(path, ReaderOptions.DEFAULT)) {
 *     for (VectorRecord r = in.next(); r != null; r = in.next()) { ... }
 * }
 * }</pre>
 */
public interface RecordReader extends AutoCloseable {

    /**
     * Reads the next record.
     *
     * @return the record, or null at the end of the file
     * @throws DatasetFormatException when the data are malformed (the message names the file and
     *         the line or byte offset)
     * @throws IOException when the file cannot be read
     */
    VectorRecord next() throws IOException;

    /**
     * Skips records without building them (used to resume an interrupted import).
     *
     * @param count how many records to skip
     * @return how many were skipped (fewer at the end of the file)
     * @throws IOException as for {@link #next()}
     */
    default long skip(long count) throws IOException {
        long skipped = 0;
        while (skipped < count && next() != null) {
            skipped++;
        }
        return skipped;
    }

    /** @return the file being read */
    Path file();

    /** @return the dimension of the records, once known (from a header or the first record); 0 before */
    int dimension();

    /** @return the number of records the file holds when its header or size tells, otherwise -1 */
    long expectedCount();

    /**
     * @return where the record last returned by {@link #next()} starts, e.g. {@code "line 12"} or
     *         {@code "byte offset 1032"}; used to name the input of a record the database refused
     */
    String position();

    /** Closes the file. */
    @Override
    void close() throws IOException;
}
