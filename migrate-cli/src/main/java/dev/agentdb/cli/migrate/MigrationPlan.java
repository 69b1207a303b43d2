package dev.agentdb.cli.migrate;

import dev.agentdb.CollectionInfo;
import dev.agentdb.CollectionSpec;
import dev.agentdb.IndexParams;
import dev.agentdb.InvalidInputException;
import dev.agentdb.cli.BatchImporter;
import dev.agentdb.spi.Capability;
import dev.agentdb.spi.DatabaseAdapter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a migration will do to each collection, decided from both sides before anything is written:
 * every refusal is found here, so a refused migration leaves the target unchanged.
 *
 * @param source the source URL fingerprint ({@link Checkpoint#fingerprint(String)})
 * @param entries one entry per collection, in the order they will be copied
 * @param preserveIds whether rows keep their ids (otherwise each gets {@link DerivedIds#of})
 */
public record MigrationPlan(String source, List<Entry> entries, boolean preserveIds) {

    /** What happens to one collection. */
    public enum Action {
        /** The target collection is missing: create it, copy every row. */
        CREATE,
        /** The target collection exists with the same spec and no rows: copy every row into it. */
        COPY_INTO_EMPTY,
        /** An interrupted migration from the same source: continue after the checkpoint's last id. */
        RESUME,
        /** The target holds rows: drop it (and its checkpoint), recreate it, copy every row. */
        OVERWRITE,
        /** The checkpoint says this source was copied completely: nothing to copy (validation still runs). */
        ALREADY_MIGRATED,
        /**
         * The checkpoint says this source was copied completely, and {@link MigrationOptions#sync()} asks to bring the
         * target up to date: both sides are compared in id order and the differences written (source rows missing
         * on the target or different are upserted, target rows no longer in the source deleted).
         */
        SYNC,
        /** Nothing to do, e.g. the source's default collection has no dimension yet. */
        SKIP
    }

    /**
     * One collection's plan.
     *
     * @param collection the collection name (the same on both sides)
     * @param spec the spec the target collection gets (the source's with its index overridden by {@code --index-params},
     *             or FLAT without index creation); null for SKIP
     * @param sourceRows the number of rows in the source collection
     * @param action what happens
     * @param checkpoint the checkpoint to resume from (RESUME) or of the complete migration (ALREADY_MIGRATED, SYNC), else null
     * @param note a human-readable remark, or null
     */
    public record Entry(String collection, CollectionSpec spec, long sourceRows, Action action, Checkpoint checkpoint,
                        String note) {
        /** @return how many rows this entry will copy (an estimate when resuming) */
        public long rowsToCopy() {
            switch (action) {
                case SKIP:
                case ALREADY_MIGRATED:
                case SYNC: // unknown before both sides are compared
                    return 0;
                case RESUME:
                    return Math.max(0, sourceRows - checkpoint.rows());
                default:
                    return sourceRows;
            }
        }
    }

    /**
     * Copies the entries into an unmodifiable list.
     *
     * @param source the source URL fingerprint ({@link Checkpoint#fingerprint(String)})
     * @param entries one entry per collection, in copy order; the list and its elements must not be
     *                null; empty when there is nothing to migrate
     * @param preserveIds whether rows keep their ids (otherwise each gets {@link DerivedIds#of})
     * @throws NullPointerException when {@code entries} or one of its elements is null
     */
    public MigrationPlan {
        entries = List.copyOf(entries);
    }

    /** @return the rows all entries will copy */
    public long rowsToCopy() {
        return entries.stream().mapToLong(Entry::rowsToCopy).sum();
    }

    /**
     * Decides the plan with the target's own capabilities ({@link #build(DatabaseAdapter, DatabaseAdapter,
     * Set, String, MigrationOptions)}).
     *
     * @param source the source adapter
     * @param target the target adapter, or null when the target does not exist yet (its capabilities are then not checked)
     * @param sourceFingerprint the source's fingerprint
     * @param options the options
     * @return the plan
     * @throws MigrationRefusedException listing every refusal
     */
    public static MigrationPlan build(DatabaseAdapter source, DatabaseAdapter target, String sourceFingerprint,
                                      MigrationOptions options) {
        return build(source, target, target == null ? null : target.capabilities(), sourceFingerprint, options);
    }

    /**
     * Decides the plan. Reads both sides; writes nothing.
     *
     * @param source the source adapter
     * @param target the target adapter, or null when the target does not exist yet (a dry run on a new SQLite file)
     * @param targetCapabilities what the target's backend supports, or null when unknown (not checked)
     * @param sourceFingerprint the source's fingerprint
     * @param options the options
     * @return the plan
     * @throws MigrationRefusedException listing every refusal (unknown collection, invalid or unsupported
     *         {@code --index-params}, an index type the target lacks, spec conflict, rows without a checkpoint,
     *         an interrupted migration without {@code --resume} or with the other {@code --preserve-ids} mode)
     */
    public static MigrationPlan build(DatabaseAdapter source, DatabaseAdapter target, Set<Capability> targetCapabilities,
                                      String sourceFingerprint, MigrationOptions options) {
        Map<String, CollectionSpec> sourceSpecs = new LinkedHashMap<>();
        for (CollectionInfo info : source.listCollections()) {
            sourceSpecs.put(info.name(), info.spec());
        }
        List<String> refusals = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (options.collections() == null) {
            names.addAll(sourceSpecs.keySet());
        } else {
            for (String name : options.collections()) {
                if (!sourceSpecs.containsKey(name)) {
                    refusals.add("collection '" + name + "' does not exist in the source (it has: "
                            + (sourceSpecs.isEmpty() ? "no collections" : String.join(", ", sourceSpecs.keySet())) + ")");
                } else if (!names.contains(name)) {
                    names.add(name);
                }
            }
        }
        for (IndexSpec o : options.indexParams()) {
            if (o.collection() != null && !names.contains(o.collection())) {
                refusals.add("--index-params " + o + ": this run does not migrate a collection '" + o.collection()
                        + "' (it migrates: " + (names.isEmpty() ? "none" : String.join(", ", names)) + ")");
            }
        }
        List<Entry> entries = new ArrayList<>();
        for (String name : names) {
            CollectionSpec spec = sourceSpecs.get(name);
            if (spec.dimension() == 0) {
                entries.add(new Entry(name, null, 0, Action.SKIP, null,
                        "the source's default collection '" + name + "' is empty and has no dimension yet: skipped"));
                continue;
            }
            long sourceRows = source.count(name, null);
            IndexSpec override = options.indexParamsFor(name);
            IndexParams index;
            if (!options.createIndexes()) {
                index = IndexParams.flat();
            } else if (override == null) {
                index = spec.index();
            } else {
                try {
                    index = override.resolve(spec.index());
                } catch (InvalidInputException e) {
                    refusals.add("--index-params " + override + " gives collection '" + name + "' (source index "
                            + BatchImporter.describe(spec.index()) + ") an invalid index: " + e.getMessage());
                    continue;
                }
            }
            if (index.type() == IndexParams.IndexType.IVFFLAT && targetCapabilities != null
                    && !targetCapabilities.contains(Capability.IVFFLAT_INDEX)) {
                refusals.add((override == null ? "collection '" + name + "' has an IVFFLAT index in the source"
                        : "--index-params " + override + " asks for an IVFFLAT index on '" + name + "'")
                        + ", but the target backend has no IVFFLAT indexes (capability " + Capability.IVFFLAT_INDEX
                        + "); pass --index-params hnsw or --index-params flat");
                continue;
            }
            CollectionSpec wanted = new CollectionSpec(spec.dimension(), spec.metric(), index);
            entries.add(decide(target, name, wanted, sourceRows, sourceFingerprint, options, refusals));
        }
        if (!refusals.isEmpty()) {
            throw new MigrationRefusedException(refusals.size() == 1 ? refusals.get(0)
                    : "migration refused:\n  - " + String.join("\n  - ", refusals));
        }
        return new MigrationPlan(sourceFingerprint, entries, options.preserveIds());
    }

    private static Entry decide(DatabaseAdapter target, String name, CollectionSpec wanted, long sourceRows,
                                String fingerprint, MigrationOptions options, List<String> refusals) {
        Optional<CollectionSpec> have = target == null ? Optional.empty() : target.collectionSpec(name);
        if (have.isEmpty()) {
            return new Entry(name, wanted, sourceRows, Action.CREATE, null, null);
        }
        CollectionSpec h = have.get();
        Checkpoint cp = Checkpoint.read(target, name).orElse(null);
        boolean sameSource = cp != null && cp.source().equals(fingerprint);
        boolean sameShape = h.metric() == wanted.metric() && (h.dimension() == wanted.dimension() || h.dimension() == 0);
        // a collection of an interrupted migration is FLAT until its rows are in; its checkpoint names the final index
        boolean awaitingIndex = sameSource && !cp.complete() && h.index().type() == IndexParams.IndexType.FLAT
                && wanted.index().equals(cp.deferredIndex());
        boolean compatible = sameShape && (h.index().equals(wanted.index()) || awaitingIndex);
        long targetRows = target.count(name, null);
        if (!compatible) {
            if (options.overwrite()) {
                return new Entry(name, wanted, sourceRows, Action.OVERWRITE, null,
                        "drops the target collection (" + describe(h) + ", " + targetRows + " rows)");
            }
            refusals.add("target collection '" + name + "' already exists with " + describe(h) + " but the migration needs "
                    + describe(wanted) + (options.indexParamsFor(name) == null ? "" : " (with --index-params)")
                    + (sameSource && !cp.complete() && cp.deferredIndex() != null
                        ? " (an interrupted migration of this source will build " + BatchImporter.describe(cp.deferredIndex()) + ")" : "")
                    + "; drop it, choose another target, or pass --overwrite to replace it");
            return null;
        }
        if (targetRows == 0) {
            if (cp != null && cp.complete() && sameSource && sourceRows == 0) {
                return new Entry(name, wanted, sourceRows, Action.ALREADY_MIGRATED, cp, "already migrated");
            }
            return new Entry(name, wanted, sourceRows, Action.COPY_INTO_EMPTY, null, null);
        }
        if (options.overwrite()) {
            return new Entry(name, wanted, sourceRows, Action.OVERWRITE, null,
                    "drops the " + targetRows + " rows of the target collection and its checkpoint");
        }
        if (cp == null) {
            refusals.add("target collection '" + name + "' already holds " + targetRows + " rows and no migration checkpoint;"
                    + " pass --overwrite to drop and recreate it (--resume needs a checkpoint of an interrupted migration)");
            return null;
        }
        if (!sameSource) {
            refusals.add("target collection '" + name + "' holds rows migrated from another source (fingerprint " + cp.source()
                    + ", this source is " + fingerprint + "); pass --overwrite to drop and recreate it");
            return null;
        }
        if (cp.preserveIds() != options.preserveIds()) {
            refusals.add("target collection '" + name + "' holds rows migrated with " + idsOption(cp.preserveIds())
                    + " but this run has " + idsOption(options.preserveIds()) + "; repeat " + idsOption(cp.preserveIds())
                    + " to continue or check it, or pass --overwrite to start over");
            return null;
        }
        if (cp.complete()) {
            return options.sync()
                    ? new Entry(name, wanted, sourceRows, Action.SYNC, cp, "already migrated: compares both sides and writes the differences")
                    : new Entry(name, wanted, sourceRows, Action.ALREADY_MIGRATED, cp, "already migrated");
        }
        if (!options.resume()) {
            refusals.add("target collection '" + name + "' holds " + targetRows + " rows of an interrupted migration (last id '"
                    + cp.lastId() + "', " + cp.rows() + " rows); pass --resume to continue it or --overwrite to start over");
            return null;
        }
        return new Entry(name, wanted, sourceRows, Action.RESUME, cp, "resumes after id '" + cp.lastId() + "' (" + cp.rows() + " rows copied)");
    }

    private static String idsOption(boolean preserveIds) {
        return preserveIds ? "--preserve-ids" : "--no-preserve-ids";
    }

    /**
     * @param s a spec
     * @return e.g. {@code dimension 16, metric cosine, index hnsw(m=16, efConstruction=100, efSearch=64)}
     */
    public static String describe(CollectionSpec s) {
        return "dimension " + s.dimension() + ", metric " + s.metric().wireName() + ", index " + BatchImporter.describe(s.index());
    }
}
