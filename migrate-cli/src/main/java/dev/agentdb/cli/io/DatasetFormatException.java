package dev.agentdb.cli.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A data set file is malformed. The message names the file and where the problem is: a line
 * number for JSON Lines, a byte offset for binary formats (for gzip'd files, the offset in the
 * decompressed data), e.g. {@code "base.fvecs: byte offset 1032: vector 2 declares dimension -1"}.
 */
public class DatasetFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The malformed file (not serialised). */
    private final transient Path file;
    /** Where in the file, e.g. {@code "line 12"}. */
    private final String location;

    /**
     * @param file the file being read
     * @param location where the problem is, e.g. {@code "line 12"} or {@code "byte offset 1032"}
     * @param problem what is wrong
     */
    public DatasetFormatException(Path file, String location, String problem) {
        this(file, location, problem, null);
    }

    /**
     * @param file the file being read
     * @param location where the problem is, e.g. {@code "line 12"} or {@code "byte offset 1032"}
     * @param problem what is wrong
     * @param cause the parser error behind it, or null
     */
    public DatasetFormatException(Path file, String location, String problem, Throwable cause) {
        super(file + ": " + location + ": " + problem, cause);
        this.file = file;
        this.location = location;
    }

    /** @return the malformed file */
    public Path file() {
        return file;
    }

    /** @return where in the file, e.g. {@code "line 12"} or {@code "byte offset 1032"} */
    public String location() {
        return location;
    }
}
