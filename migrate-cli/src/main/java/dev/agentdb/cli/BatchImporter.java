package dev.agentdb.cli;

import dev.agentdb.AgentDB;
import dev.agentdb.AgentDBException;
import dev.agentdb.CollectionSpec;
import dev.agentdb.IndexParams;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Metric;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.cli.io.DatasetFormatException;
import dev.agentdb.cli.io.RecordReader;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Streams a {@link RecordReader} into a collection in batches of {@link Options#batchSize()}
 * records with {@link VectorCollection#insertBatch(List)} (or {@code upsertBatch}), holding one
 * batch in memory at a time.
 *
 * <p>Batches are atomic: when a record is malformed or refused, the batch it belongs to is not
 * stored, the batches before it are, and the error names the file and the record's line or byte
 * offset together with how many records were stored.
 */
public final class BatchImporter {
    private final AgentDB db;
    private final String collection;
    private final AtomicBoolean stop = new AtomicBoolean();

    /**
     * @param db the database
     * @param collection the destination collection; created when missing
     */
    public BatchImporter(AgentDB db, String collection) {
        this.db = db;
        this.collection = collection;
    }

    /**
     * How to import.
     *
     * @param batchSize records per {@code insertBatch} call, at least 1
     * @param limit read at most this many records of the file (records skipped count), or -1 for all
     * @param skip records at the start of the file to skip (already imported)
     * @param metric the metric of a new collection, or null for cosine; must match an existing one when given
     * @param index the index of a new collection, or null for the defaults; must match an existing one when given
     * @param upsert replace records whose id exists instead of failing
     * @param progress whether to draw a progress bar on standard error
     */
    public record Options(int batchSize, long limit, long skip, Metric metric, IndexParams index, boolean upsert,
                          boolean progress) {
    }

    /**
     * What an import did.
     *
     * @param imported records stored by this run
     * @param skipped records skipped at the start of the file
     * @param dimension the records' dimension
     * @param created whether this run created the collection
     * @param elapsedNanos wall time of reading and storing
     * @param interrupted whether {@link #requestStop()} ended it after a stored batch, before the end
     *                    of the file (the next record is number {@code skipped + imported + 1})
     */
    public record Result(long imported, long skipped, int dimension, boolean created, long elapsedNanos,
                         boolean interrupted) {
        /** @return records stored per second */
        public double recordsPerSecond() {
            return elapsedNanos == 0 ? 0 : imported * 1e9 / elapsedNanos;
        }
    }

    /** Asks the running import to stop after the batch being stored. Safe from any thread (a signal handler). */
    public void requestStop() {
        stop.set(true);
    }

    /**
     * Runs the import.
     *
     * @param in the records
     * @param options batch size, limit, spec of a new collection
     * @return counts and timing
     * @throws ImportException when the input is malformed or a record is refused (nothing of that batch is stored)
     * @throws IOException when the file cannot be read
     */
    public Result run(RecordReader in, Options options) throws IOException {
        long start = System.nanoTime();
        long skipped = options.skip() > 0 ? in.skip(options.skip()) : 0;
        long remaining = options.limit() < 0 ? Long.MAX_VALUE : Math.max(0, options.limit() - skipped);
        long stored = 0;
        VectorRecord first = remaining > 0 ? read(in, 0) : null;
        boolean existed = db.hasCollection(collection);
        if (first == null) {
            return new Result(0, skipped, in.dimension(), false, System.nanoTime() - start, false);
        }
        VectorCollection target = target(in, first.dimension(), options);
        long total = in.expectedCount() < 0 ? -1 : Math.min(in.expectedCount(), options.limit() < 0 ? Long.MAX_VALUE : options.limit());
        List<VectorRecord> batch = new ArrayList<>(options.batchSize());
        List<String> positions = new ArrayList<>(options.batchSize());
        try (Progress progress = Progress.start(options.progress(), "import", total)) {
            progress.stepTo(skipped);
            VectorRecord r = first;
            while (r != null) {
                batch.add(r);
                positions.add(in.position());
                remaining--;
                if (batch.size() == options.batchSize() || remaining == 0) {
                    store(target, batch, positions, options.upsert(), in, stored);
                    stored += batch.size();
                    progress.stepBy(batch.size());
                    batch.clear();
                    positions.clear();
                }
                if (stop.get() && batch.isEmpty() && remaining > 0) {
                    return new Result(stored, skipped, first.dimension(), !existed, System.nanoTime() - start, true);
                }
                r = remaining > 0 ? read(in, stored) : null;
            }
            if (!batch.isEmpty()) {
                store(target, batch, positions, options.upsert(), in, stored);
                stored += batch.size();
                progress.stepBy(batch.size());
            }
        }
        return new Result(stored, skipped, first.dimension(), !existed, System.nanoTime() - start, false);
    }

    private static VectorRecord read(RecordReader in, long stored) throws IOException {
        try {
            return in.next();
        } catch (DatasetFormatException e) {
            throw new ImportException(e.getMessage() + storedNote(stored), e);
        }
    }

    private VectorCollection target(RecordReader in, int dimension, Options options) {
        if (db.hasCollection(collection)) {
            VectorCollection c = db.collection(collection);
            CollectionSpec have = c.spec();
            if (have.dimension() != 0 && have.dimension() != dimension) {
                throw new ImportException(in.file() + ": " + in.position() + ": records have dimension " + dimension
                        + " but collection '" + collection + "' has dimension " + have.dimension() + "; nothing was stored");
            }
            if ((options.metric() != null && options.metric() != have.metric())
                    || (options.index() != null && !options.index().equals(have.index()))) {
                throw new ImportException("collection '" + collection + "' already exists with metric " + have.metric()
                        + " and index " + describe(have.index()) + "; the options ask for metric "
                        + (options.metric() == null ? have.metric() : options.metric()) + " and index "
                        + describe(options.index() == null ? have.index() : options.index())
                        + ". Drop the collection or import into another one; nothing was stored");
            }
            return c;
        }
        Metric metric = options.metric() == null ? Metric.COSINE : options.metric();
        IndexParams index = options.index() == null ? IndexParams.DEFAULT : options.index();
        return db.createCollection(collection, new CollectionSpec(dimension, metric, index));
    }

    /**
     * @param index index parameters
     * @return e.g. {@code "hnsw(m=16, efConstruction=100, efSearch=64)"}, {@code "ivfflat(lists=100, probes=10)"}, {@code "flat"}
     */
    public static String describe(IndexParams index) {
        if (index.type() == IndexParams.IndexType.FLAT) {
            return "flat";
        }
        if (index.type() == IndexParams.IndexType.IVFFLAT) {
            return "ivfflat(lists=" + index.lists() + ", probes=" + index.probes() + ")";
        }
        return "hnsw(m=" + index.m() + ", efConstruction=" + index.efConstruction() + ", efSearch=" + index.efSearch() + ")";
    }

    /**
     * The JSON form of index parameters in the {@code --json} reports of {@code stats} and {@code bench}.
     *
     * @param index index parameters
     * @return {@code {"type": "hnsw"|"ivfflat"|"flat", "m": M, "efConstruction": N, "efSearch": N}}, in that order
     */
    static Map<String, Object> indexJson(IndexParams index) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", index.type().name().toLowerCase(Locale.ROOT));
        m.put("m", index.m());
        m.put("efConstruction", index.efConstruction());
        m.put("efSearch", index.efSearch());
        return m;
    }

    private void store(VectorCollection target, List<VectorRecord> batch, List<String> positions, boolean upsert,
                       RecordReader in, long stored) {
        try {
            if (upsert) {
                target.upsertBatch(batch);
            } else {
                target.insertBatch(batch);
            }
        } catch (AgentDBException e) {
            String where = in.file() + ": " + positions.get(0) + " to " + positions.get(positions.size() - 1);
            String message = e.getMessage();
            if (e instanceof InvalidInputException invalid) {
                OptionalInt i = invalid.recordIndex();
                if (i.isPresent() && i.getAsInt() < positions.size()) {
                    where = in.file() + ": " + positions.get(i.getAsInt());
                    message = invalid.recordField() + message.substring(invalid.field().length());
                } else if (batch.size() == 1) {
                    where = in.file() + ": " + positions.get(0);
                }
            }
            throw new ImportException(where + ": " + message + storedNote(stored), e);
        }
    }

    private static String storedNote(long stored) {
        if (stored == 0) {
            return " (nothing was stored)";
        }
        return " (" + stored + " record(s) stored before this batch; nothing from the failing batch was stored)";
    }

    /** The import stopped: the message names the file, the line or byte offset, and what was stored. */
    public static final class ImportException extends CliException {
        private static final long serialVersionUID = 1L;

        /**
         * @param message what failed, where, and what was stored
         */
        public ImportException(String message) {
            super(message);
        }

        /**
         * @param message what failed, where, and what was stored
         * @param cause the reader or database error
         */
        public ImportException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
