/**
 * Streaming readers for the vector data sets the {@code agentdb} command imports: {@code .fvecs}
 * (the TEXMEX/ANN-benchmarks format), IDX (MNIST and Fashion-MNIST, gzip'd or raw) and JSON Lines.
 *
 * <p>Every reader holds one record at a time (constant memory whatever the file size) and reports
 * malformed input as a {@link dev.agentdb.cli.io.DatasetFormatException} naming the file and the
 * line (JSONL) or byte offset (fvecs, IDX).
 */
package dev.agentdb.cli.io;
