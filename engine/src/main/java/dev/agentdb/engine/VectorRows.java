package dev.agentdb.engine;

/**
 * A collection's records as the engine needs them to load or rebuild a graph: every record's
 * key, id and embedding. Bound, like {@link GraphStorage}, to the backend's current transaction or
 * read view, so the graph and the records it is checked against are read at the same point in
 * time.
 */
@FunctionalInterface
public interface VectorRows {

    /**
     * Streams every record whose embedding has {@code dimension} components, in a stable order
     * (a rebuild inserts them in that order, so insertion order gives the most reproducible graph);
     * records with another length are skipped and counted.
     *
     * @param dimension the collection's dimension, 1 or more
     * @param sink receives each record
     * @return the number of records skipped because their embedding had another length
     */
    long scan(int dimension, Sink sink);

    /**
     * Streams every record's key and id without its embedding (so cheaply: SQLite reads them from
     * the id index alone), records of any embedding length included. Used by a lazy load, in the
     * load's transaction, to check the graph's live nodes against the records before the embeddings
     * are read; required of a backend whose {@link #deferred()} is not null.
     *
     * @param sink receives each record's key ({@link NodeMap#NO_KEY} when the backend has none) and id
     * @throws UnsupportedOperationException by default
     */
    default void scanKeys(KeySink sink) {
        throw new UnsupportedOperationException("scanKeys is required with deferred()");
    }

    /** Receives records' keys and ids. */
    @FunctionalInterface
    interface KeySink {
        /**
         * @param key the row key, or {@link NodeMap#NO_KEY}
         * @param id the record id
         */
        void key(long key, String id);
    }

    /**
     * Optional: the same records read again later, from another thread and outside this transaction,
     * which lets the engine answer searches before every embedding is read (a lazy load, see
     * {@link IndexEngine}). A backend that cannot open a read of its own later keeps the default,
     * and its graphs load eagerly.
     *
     * @return the deferred reads, or null (the default) when the backend has none
     */
    default Deferred deferred() {
        return null;
    }

    /**
     * A collection's records read after the load that gave it: by {@link IndexEngine}'s fill thread,
     * in a read view of its own. Thread-safe.
     */
    @FunctionalInterface
    interface Deferred {
        /**
         * Streams every record whose embedding has {@code dimension} components, like
         * {@link VectorRows#scan}, in one read view opened by this call and released before it returns
         * (also when it throws or stops early).
         *
         * @param dimension the collection's dimension, 1 or more
         * @param sink receives each record, on the calling thread
         * @param stop polled between records: when it answers true, the scan ends early and returns
         * @return the number of records skipped because their embedding had another length
         */
        long scan(int dimension, Sink sink, java.util.function.BooleanSupplier stop);
    }

    /** Receives records. */
    @FunctionalInterface
    interface Sink {
        /**
         * @param key the row key, or {@link NodeMap#NO_KEY} when the backend has none
         * @param id the record id
         * @param embedding the embedding, {@code float[dimension]}, valid during the call only (a
         *                  source may reuse the array for the next record): copy it to keep it
         */
        void row(long key, String id, float[] embedding);

        /**
         * The same as {@link #row} for a storage that holds embeddings as little-endian float32
         * bytes (SQLite, D1): a sink that decodes them somewhere better (straight into the index)
         * overrides it. The default decodes and calls {@link #row}.
         *
         * @param key the row key, or {@link NodeMap#NO_KEY}
         * @param id the record id
         * @param embedding {@code 4 * dimension} bytes, little-endian float32; the sink may keep the array
         */
        default void rowLittleEndian(long key, String id, byte[] embedding) {
            row(key, id, dev.agentdb.internal.VectorCodec.decode(embedding));
        }
    }
}
