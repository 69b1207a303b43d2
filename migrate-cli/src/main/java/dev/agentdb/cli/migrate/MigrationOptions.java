package dev.agentdb.cli.migrate;

import java.util.List;

/**
 * What to migrate and how.
 *
 * @param collections the collections to copy, in order, or null for every collection of the source
 * @param batchSize rows per batch (one target transaction each), 1 to 100,000
 * @param createIndexes whether target collections get the source's index parameters (otherwise FLAT: no ANN index)
 * @param resume whether to continue an interrupted migration from its checkpoint
 * @param overwrite whether to drop and recreate target collections that already hold rows
 */
public record MigrationOptions(List<String> collections, int batchSize, boolean createIndexes, boolean resume,
                               boolean overwrite) {
    /** The default batch size. */
    public static final int DEFAULT_BATCH_SIZE = 1000;

    /** Copies the collection list. */
    public MigrationOptions {
        collections = collections == null ? null : List.copyOf(collections);
    }
}
