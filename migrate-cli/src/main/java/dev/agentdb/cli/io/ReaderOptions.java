package dev.agentdb.cli.io;

import java.nio.file.Path;

/**
 * Options shared by the readers.
 *
 * @param idPrefix prefix of the generated ids of formats without ids (fvecs, IDX): record {@code i}
 *                 (0-based) gets id {@code idPrefix + i}; never null
 * @param labels an IDX1 label file to attach to IDX images as metadata, or null
 * @param labelNames how to name labels in the {@code class} metadata field; null for no names
 */
public record ReaderOptions(String idPrefix, Path labels, LabelNames labelNames) {
    /** No id prefix, no labels. */
    public static final ReaderOptions DEFAULT = new ReaderOptions("", null, null);

    /**
     * Normalises a null prefix to the empty string.
     *
     * @param idPrefix prefix of generated ids, or null for none
     * @param labels an IDX1 label file, or null
     * @param labelNames names of the labels, or null
     */
    public ReaderOptions {
        idPrefix = idPrefix == null ? "" : idPrefix;
    }
}
