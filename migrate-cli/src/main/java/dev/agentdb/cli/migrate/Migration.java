package dev.agentdb.cli.migrate;

import dev.agentdb.AgentDBException;
import dev.agentdb.CollectionSpec;
import dev.agentdb.IndexParams;
import dev.agentdb.VectorRecord;
import dev.agentdb.spi.Capability;
import dev.agentdb.spi.DatabaseAdapter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Copies the collections of a {@link MigrationPlan} from a source adapter to a target adapter through
 * the SPI only, with constant memory: it pages the source with {@code scan(collection, afterId,
 * batchSize)} and writes each page with {@code insertBatch} together with the collection's
 * {@link Checkpoint} in ONE target transaction. A crash at any point therefore leaves the target at a
 * batch boundary whose checkpoint names the last id copied; resuming continues after it, and since
 * {@code insertBatch} refuses an existing id, a row can be neither lost nor duplicated.
 *
 * <p>A target without {@link Capability#TRANSACTIONS} gets {@code upsertBatch} followed by the
 * checkpoint write instead: not atomic, but idempotent on resume (a batch written before a crash whose
 * checkpoint was lost is simply written again).
 *
 * <p>Without {@link MigrationPlan#preserveIds()} each row is written under {@link DerivedIds#of} its source
 * id; the checkpoint still names the last SOURCE id, and since the derived id is a function of it, a
 * resumed run writes the same ids.
 *
 * <p>A collection that this run creates (or finds empty) with an HNSW or IVFFlat index is created FLAT and
 * indexed once after its last row ({@link DatabaseAdapter#reindex}): building a graph over all rows at once
 * is several times faster than inserting each row into a growing one (pgvector, and our own HNSW). The
 * final index is recorded in the checkpoint ({@link Checkpoint#deferredIndex()}) before the collection
 * is created, so a run interrupted at any point, also during the build, resumes to the same index.
 * The build runs outside a transaction (MariaDB builds its vector index with {@code ALTER TABLE}, DDL,
 * which a transaction cannot hold) and the checkpoint is marked complete after it: a run killed in
 * between finds the collection indexed but not complete, and its resume builds the index again.
 *
 * <p>A {@link MigrationPlan.Action#SYNC} entry (a collection migrated completely before, {@code --sync}) is
 * brought up to date with the source instead: both sides are merged in id order ({@link IdOrderMerge}) and
 * compared row by row ({@link Validator#rowChecksum}); source rows missing on the target or different are
 * upserted, target rows no longer in the source deleted, up to {@code batchSize} changes per target
 * transaction. Only differences are written, so a sync of an unchanged collection writes nothing, and an
 * interrupted sync is finished by running it again. This is how a live source moves: migrate while it
 * serves, stop its writers, sync (one read of both sides), switch over. Ids must be preserved.
 *
 * <p>{@link #requestStop()} (from a signal handler) makes the run stop after the batch being written;
 * the result then says {@link Status#INTERRUPTED}. A failure at a row throws
 * {@link CopyFailedException} naming the collection and the row (the batches before it stay committed).
 */
public final class Migration {
    /** How a run ended. */
    public enum Status {
        /** Every planned row was copied. */
        COMPLETED,
        /** Stopped on request after a committed batch; resumable with {@code --resume}. */
        INTERRUPTED
    }

    /** Receives progress; called on the migrating thread. */
    public interface Listener {
        /**
         * @param entry the collection starting
         * @param rowsDone rows already on the target (resumed), 0 otherwise
         */
        default void started(MigrationPlan.Entry entry, long rowsDone) {
        }

        /**
         * @param entry the collection
         * @param rowsDone rows copied in total after the committed batch
         */
        default void batchCommitted(MigrationPlan.Entry entry, long rowsDone) {
        }

        /**
         * Called before the index of a collection created FLAT is built over its copied rows.
         *
         * @param entry the collection
         * @param rows the rows it holds
         */
        default void indexing(MigrationPlan.Entry entry, long rows) {
        }

        /**
         * Called as a sync ({@link MigrationPlan.Action#SYNC}) advances, about once per {@code batchSize} source rows.
         *
         * @param entry the collection
         * @param rowsCompared source rows compared so far
         * @param changes the changes written so far
         */
        default void syncProgress(MigrationPlan.Entry entry, long rowsCompared, SyncChanges changes) {
        }

        /** @param result the collection's outcome */
        default void finished(CollectionResult result) {
        }
    }

    /**
     * One collection's outcome.
     *
     * @param collection the collection
     * @param action what the plan said
     * @param rowsCopied rows copied by this run
     * @param rowsTotal rows on the target according to the checkpoint after this run
     * @param nanos time spent copying, the index build excluded
     * @param complete whether the collection is now completely migrated
     * @param indexNanos time spent building the index after the copy, 0 when none was built
     * @param sync what a {@link MigrationPlan.Action#SYNC} changed (then {@code rowsCopied} counts the rows it upserted
     *             and {@code nanos} is the time of the whole comparison); null for every other action
     */
    public record CollectionResult(String collection, MigrationPlan.Action action, long rowsCopied, long rowsTotal,
                                   long nanos, boolean complete, long indexNanos, SyncChanges sync) {
        /**
         * The outcome of any action but SYNC.
         *
         * @param collection the collection
         * @param action what the plan said
         * @param rowsCopied rows copied by this run
         * @param rowsTotal rows on the target according to the checkpoint after this run
         * @param nanos time spent copying, the index build excluded
         * @param complete whether the collection is now completely migrated
         * @param indexNanos time spent building the index after the copy, 0 when none was built
         */
        public CollectionResult(String collection, MigrationPlan.Action action, long rowsCopied, long rowsTotal,
                                long nanos, boolean complete, long indexNanos) {
            this(collection, action, rowsCopied, rowsTotal, nanos, complete, indexNanos, null);
        }

        /** @return rows per second of this run (0 when nothing was copied) */
        public double rowsPerSecond() {
            return nanos <= 0 || rowsCopied == 0 ? 0 : rowsCopied / (nanos / 1e9);
        }
    }

    /**
     * What a sync wrote to the target (from {@link #diff}: would write), counted in rows.
     *
     * @param compared source rows compared with the target
     * @param added source rows that were missing on the target, upserted
     * @param updated source rows that differed on the target (embedding, metadata, text or timestamp), upserted
     * @param deleted target rows no longer in the source, deleted
     */
    public record SyncChanges(long compared, long added, long updated, long deleted) {
        /** @return whether anything was (or would be) written */
        public boolean any() {
            return added + updated + deleted > 0;
        }
    }

    /**
     * A run's outcome.
     *
     * @param status completed or interrupted
     * @param collections per collection, in plan order (those not reached after an interruption are absent)
     * @param transactional whether batches and checkpoints were written in one transaction
     */
    public record Result(Status status, List<CollectionResult> collections, boolean transactional) {
        /**
         * Copies the list into an unmodifiable one.
         *
         * @param status completed or interrupted
         * @param collections per collection, in plan order (those not reached after an interruption are
         *                    absent); the list and its elements must not be null
         * @param transactional whether batches and checkpoints were written in one transaction
         * @throws NullPointerException when {@code collections} or one of its elements is null
         */
        public Result {
            collections = List.copyOf(collections);
        }
    }

    private final DatabaseAdapter source;
    private final DatabaseAdapter target;
    private final int batchSize;
    private final AtomicBoolean stop = new AtomicBoolean();

    /**
     * @param source the source adapter (read only)
     * @param target the target adapter
     * @param batchSize rows per batch, 1 to 100,000
     */
    public Migration(DatabaseAdapter source, DatabaseAdapter target, int batchSize) {
        if (batchSize < 1 || batchSize > 100_000) {
            throw new IllegalArgumentException("batchSize must be between 1 and 100000, was " + batchSize);
        }
        this.source = source;
        this.target = target;
        this.batchSize = batchSize;
    }

    /** Asks the run to stop after the batch being written. Safe from any thread. */
    public void requestStop() {
        stop.set(true);
    }

    /** @return whether a stop was requested */
    public boolean stopRequested() {
        return stop.get();
    }

    /** @return whether the target writes each batch and its checkpoint atomically */
    public boolean transactional() {
        return target.capabilities().contains(Capability.TRANSACTIONS);
    }

    /**
     * Runs the plan.
     *
     * @param plan the plan, made by {@link MigrationPlan#build} against the same two adapters
     * @param listener progress receiver
     * @return the outcome
     * @throws CopyFailedException when a row cannot be copied or synced (the target refuses it, the source
     *         cannot read it, or the database fails), naming the collection and the row; the batches before
     *         it stay committed with their checkpoint
     * @throws dev.agentdb.BackendUnavailableException when a backend stops answering
     */
    public Result run(MigrationPlan plan, Listener listener) {
        List<CollectionResult> results = new ArrayList<>();
        for (MigrationPlan.Entry e : plan.entries()) {
            if (stop.get()) {
                return new Result(Status.INTERRUPTED, results, transactional());
            }
            CollectionResult r = copy(plan, e, listener);
            results.add(r);
            listener.finished(r);
            if (!r.complete()) {
                return new Result(Status.INTERRUPTED, results, transactional());
            }
        }
        return new Result(Status.COMPLETED, results, transactional());
    }

    private CollectionResult copy(MigrationPlan plan, MigrationPlan.Entry e, Listener listener) {
        String fingerprint = plan.source();
        String name = e.collection();
        switch (e.action()) {
            case SKIP:
                return new CollectionResult(name, e.action(), 0, 0, 0, true, 0);
            case ALREADY_MIGRATED:
                return new CollectionResult(name, e.action(), 0, e.checkpoint().rows(), 0, true, 0);
            case SYNC:
                return sync(e, listener);
            default:
                break;
        }
        IndexParams finalIndex = e.spec().index();
        Checkpoint cp;
        if (e.action() == MigrationPlan.Action.RESUME) {
            cp = e.checkpoint();
        } else {
            boolean defer = finalIndex.type() != IndexParams.IndexType.FLAT;
            cp = new Checkpoint(fingerprint, null, 0, false, System.currentTimeMillis(), plan.preserveIds(),
                    defer ? finalIndex : null);
            if (e.action() == MigrationPlan.Action.OVERWRITE) {
                target.dropCollection(name);
                Checkpoint.delete(target, name);
            }
            // the checkpoint first: whatever exists after a crash from here on is recognised by the next run
            cp.write(target, name);
            CollectionSpec initial = defer ? new CollectionSpec(e.spec().dimension(), e.spec().metric(), IndexParams.flat()) : e.spec();
            if (e.action() != MigrationPlan.Action.COPY_INTO_EMPTY) {
                target.createCollection(name, initial);
            } else if (!target.collectionSpec(name).map(CollectionSpec::index).orElseThrow().equals(initial.index())) {
                target.reindex(name, initial.index()); // empty: instant
            }
        }
        long start = System.nanoTime();
        long copied = 0;
        listener.started(e, cp.rows());
        boolean tx = transactional();
        while (true) {
            if (stop.get()) {
                return new CollectionResult(name, e.action(), copied, cp.rows(), System.nanoTime() - start, false, 0);
            }
            List<VectorRecord> page;
            try {
                page = source.scan(name, cp.lastId(), batchSize);
            } catch (AgentDBException ex) {
                throw CopyFailedException.unreadable(name, lastReadable(name, cp.lastId()), ex);
            }
            if (page.isEmpty()) {
                break;
            }
            Checkpoint next = cp.advance(page.get(page.size() - 1).id(), cp.rows() + page.size());
            List<VectorRecord> rows = plan.preserveIds() ? page : withDerivedIds(fingerprint, name, page);
            try {
                atomically(() -> {
                    if (tx) {
                        target.insertBatch(name, rows); // refuses an existing id: nothing is copied twice
                    } else {
                        target.upsertBatch(name, rows); // rewrites a batch whose checkpoint was lost
                    }
                    next.write(target, name);
                });
            } catch (AgentDBException ex) {
                throw CopyFailedException.writing(name, page, rows, ex);
            }
            cp = next;
            copied += page.size();
            listener.batchCommitted(e, cp.rows());
            if (page.size() < batchSize) {
                break;
            }
        }
        long copyNanos = System.nanoTime() - start;
        long indexNanos = 0;
        Checkpoint done = cp.completed();
        if (cp.deferredIndex() != null) {
            listener.indexing(e, cp.rows());
            long t = System.nanoTime();
            target.reindex(name, finalIndex);
            done.write(target, name);
            indexNanos = System.nanoTime() - t;
        } else {
            done.write(target, name);
        }
        return new CollectionResult(name, e.action(), copied, cp.rows(), copyNanos, true, indexNanos);
    }

    /**
     * After a page failed to read, finds the row that fails by reading one row at a time (at most a
     * batch of them; only on this error path).
     *
     * @return the id of the last row before the unreadable one, or {@code after} when the next fails
     */
    private String lastReadable(String collection, String after) {
        String last = after;
        for (int i = 0; i < batchSize; i++) {
            try {
                List<VectorRecord> one = source.scan(collection, last, 1);
                if (one.isEmpty()) {
                    return last;
                }
                last = one.get(0).id();
            } catch (AgentDBException e) {
                return last;
            }
        }
        return last;
    }

    /**
     * Compares a collection's two sides as {@code --sync} would and counts what it would write; writes nothing
     * (what {@code --dry-run --sync} reports). Reads every row of both sides, one page at a time.
     *
     * @param collection a collection present on both sides
     * @return the changes a sync would make now
     * @throws dev.agentdb.NotFoundException when either side lacks the collection
     */
    public SyncChanges diff(String collection) {
        SyncPass pass = new SyncPass(collection, false);
        pass.run(c -> { });
        return pass.changes();
    }

    /** Writes the differences of both sides, then stamps the checkpoint with the source's row count. */
    private CollectionResult sync(MigrationPlan.Entry e, Listener listener) {
        String name = e.collection();
        long start = System.nanoTime();
        listener.started(e, 0);
        SyncPass pass = new SyncPass(name, true);
        if (!pass.run(c -> listener.syncProgress(e, c.compared(), c))) {
            return new CollectionResult(name, e.action(), pass.added + pass.updated, e.checkpoint().rows(),
                    System.nanoTime() - start, false, 0, pass.changes());
        }
        atomically(() -> e.checkpoint().advance(pass.lastSourceId, pass.compared).completed().write(target, name));
        listener.syncProgress(e, pass.compared, pass.changes());
        return new CollectionResult(name, e.action(), pass.added + pass.updated, pass.compared, System.nanoTime() - start,
                true, 0, pass.changes());
    }

    /**
     * One merge of a collection's two sides in id order. With {@code apply} it writes the differences,
     * {@code batchSize} changes per target transaction, and stops when asked (after writing what it found);
     * without, it only counts them.
     */
    private final class SyncPass {
        private final String collection;
        private final boolean apply;
        private final List<VectorRecord> upserts = new ArrayList<>();
        private final List<String> deletes = new ArrayList<>();
        private long compared;
        private long added;
        private long updated;
        private long deleted;
        private String lastSourceId;

        SyncPass(String collection, boolean apply) {
            this.collection = collection;
            this.apply = apply;
        }

        /** @return true when both sides were read to the end, false when stopped on request */
        boolean run(Consumer<SyncChanges> progress) {
            IdOrderMerge merge = new IdOrderMerge(source, target, collection, batchSize);
            for (IdOrderMerge.Pair p = next(merge); p != null; p = next(merge)) {
                if (apply && stop.get()) { // what was found so far is written: a consistent part of the sync
                    flush();
                    return false;
                }
                VectorRecord a = p.source();
                if (a == null) {
                    deletes.add(p.target().id());
                    deleted++;
                } else if (p.target() == null) {
                    upserts.add(a);
                    added++;
                } else if (!Arrays.equals(Validator.rowChecksum(a), Validator.rowChecksum(p.target()))) {
                    upserts.add(a);
                    updated++;
                }
                if (a != null) {
                    lastSourceId = a.id();
                    compared++;
                    if (compared % batchSize == 0) {
                        progress.accept(changes());
                    }
                }
                // the writes are all at ids up to this one, which no later page reads again
                if (upserts.size() + deletes.size() >= batchSize) {
                    flush();
                }
            }
            flush();
            return true;
        }

        SyncChanges changes() {
            return new SyncChanges(compared, added, updated, deleted);
        }

        private IdOrderMerge.Pair next(IdOrderMerge merge) {
            try {
                return merge.next();
            } catch (AgentDBException ex) {
                throw CopyFailedException.reading(collection, lastSourceId, ex);
            }
        }

        /** Writes the pending changes in one target transaction (or directly), when applying; then forgets them. */
        private void flush() {
            if (apply && !(upserts.isEmpty() && deletes.isEmpty())) {
                try {
                    atomically(() -> {
                        if (!upserts.isEmpty()) {
                            target.upsertBatch(collection, upserts);
                        }
                        for (String id : deletes) {
                            target.delete(collection, id);
                        }
                    });
                } catch (AgentDBException ex) {
                    throw CopyFailedException.writing(collection, upserts, upserts, ex);
                }
            }
            upserts.clear();
            deletes.clear();
        }
    }

    /** Runs the work in one target transaction, or directly (not atomically) when the target has none. */
    private void atomically(Runnable work) {
        if (transactional()) {
            target.transaction(() -> {
                work.run();
                return null;
            });
        } else {
            work.run();
        }
    }

    private static List<VectorRecord> withDerivedIds(String fingerprint, String collection, List<VectorRecord> page) {
        List<VectorRecord> out = new ArrayList<>(page.size());
        for (VectorRecord r : page) {
            out.add(r.withId(DerivedIds.of(fingerprint, collection, r.id())));
        }
        return out;
    }
}
