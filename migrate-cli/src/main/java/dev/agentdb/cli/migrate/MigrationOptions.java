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
 * @param indexParams overrides of the target collections' index ({@code --index-params}): at most one without a
 *                    collection name (for every collection) and one per collection name; empty for the source's
 * @param preserveIds whether rows keep their ids (otherwise each gets {@link DerivedIds#of})
 * @param sync whether collections already migrated from this source are brought up to date with it
 *             ({@link MigrationPlan.Action#SYNC}) instead of only validated
 */
public record MigrationOptions(List<String> collections, int batchSize, boolean createIndexes, boolean resume,
                               boolean overwrite, List<IndexSpec> indexParams, boolean preserveIds, boolean sync) {
    /** The default batch size. */
    public static final int DEFAULT_BATCH_SIZE = 1000;

    /**
     * Copies the lists into unmodifiable ones; null index parameters mean none. The other values are
     * checked where they are used (the batch size by {@link Migration}'s constructor, the index
     * overrides when the plan is built), not here.
     *
     * @param collections the collections to copy, in order, or null for every collection of the
     *                    source; no null elements
     * @param batchSize rows per batch (one target transaction each), 1 to 100,000; default
     *                  {@value #DEFAULT_BATCH_SIZE}
     * @param createIndexes whether target collections get the source's index parameters (otherwise
     *                      FLAT: no ANN index)
     * @param resume whether to continue an interrupted migration from its checkpoint
     * @param overwrite whether to drop and recreate target collections that already hold rows
     * @param indexParams overrides of the target collections' index ({@code --index-params}), or null
     *                    or empty for the source's; no null elements
     * @param preserveIds whether rows keep their ids (otherwise each gets {@link DerivedIds#of})
     * @param sync whether collections already migrated from this source are brought up to date with it
     * @throws NullPointerException when a list holds a null element
     */
    public MigrationOptions {
        collections = collections == null ? null : List.copyOf(collections);
        indexParams = indexParams == null ? List.of() : List.copyOf(indexParams);
    }

    /**
     * Options without index overrides, preserving ids, without sync.
     *
     * @param collections the collections to copy, or null for all
     * @param batchSize rows per batch
     * @param createIndexes whether target collections get the source's index parameters
     * @param resume whether to continue an interrupted migration
     * @param overwrite whether to drop and recreate target collections that hold rows
     */
    public MigrationOptions(List<String> collections, int batchSize, boolean createIndexes, boolean resume, boolean overwrite) {
        this(collections, batchSize, createIndexes, resume, overwrite, List.of(), true, false);
    }

    /**
     * @param collection a collection name
     * @return the override for that collection (its own, else the one for every collection), or null
     */
    public IndexSpec indexParamsFor(String collection) {
        IndexSpec any = null;
        for (IndexSpec s : indexParams) {
            if (collection.equals(s.collection())) {
                return s;
            }
            if (s.collection() == null) {
                any = s;
            }
        }
        return any;
    }
}
