package dev.agentdb.cli.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** The data set formats the {@code agentdb} command reads. */
public enum DatasetFormat {
    /** {@code .fvecs}: little-endian int32 dimension, then float32 components, per vector. */
    FVECS,
    /** IDX3 images (MNIST, Fashion-MNIST), raw or gzip'd; optional IDX1 labels. */
    IDX,
    /** JSON Lines: one {@code {"id","vector","metadata"}} object per line. */
    JSONL;

    /**
     * Opens a reader of this format.
     *
     * @param file the file
     * @param options id prefix and labels
     * @return the reader; close it
     * @throws IOException when the file cannot be opened or its header is malformed
     */
    public RecordReader open(Path file, ReaderOptions options) throws IOException {
        switch (this) {
            case FVECS: return new FvecsReader(file, options);
            case IDX: return new IdxReader(file, options);
            case JSONL: return new JsonlReader(file, options);
            default: throw new AssertionError(this);
        }
    }

    /**
     * Guesses the format from a file name ({@code .fvecs}, {@code -ubyte}/{@code .idx3}, {@code .jsonl}/{@code .ndjson},
     * each optionally followed by {@code .gz}).
     *
     * @param file the file
     * @return the format, or null when the name does not tell
     */
    public static DatasetFormat guess(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        if (name.endsWith(".fvecs")) {
            return FVECS;
        }
        if (name.endsWith("-ubyte") || name.endsWith(".idx") || name.endsWith(".idx3")) {
            return IDX;
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return JSONL;
        }
        return null;
    }

    /** @return the lower-case name used on the command line */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
