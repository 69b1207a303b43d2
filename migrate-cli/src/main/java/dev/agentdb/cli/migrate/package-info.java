/**
 * The engine of {@code agentdb migrate}: copies collections from one backend to another through the
 * SPI only ({@link dev.agentdb.spi.DatabaseAdapter#scan} on the source, {@code insertBatch} plus a
 * checkpoint in one target transaction per batch), resumes after a crash from the checkpoint, and
 * validates the copy (counts, per-row checksums in id order, exact-search overlap).
 *
 * <p>Not API: the command line ({@code dev.agentdb.cli.MigrateCommand}) is the supported interface.
 */
package dev.agentdb.cli.migrate;
