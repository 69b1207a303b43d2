package dev.agentdb.engine;

import dev.agentdb.hnsw.HnswIndex;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Streams the records of a lazily loaded collection into the live nodes of its graph, on a thread
 * of its own, while searches already use the graph ({@link HnswIndex}'s pending vectors). The load
 * checked the records' ids against the live nodes ({@link GraphLoader}); the fill, reading in a
 * read view of its own, checks them again (another process may have committed in between: it is
 * then told to the engine anyway) and checks each embedding (length, finite). On success the index
 * leaves its pending state ({@link HnswIndex#completeVectors()}); on a failed check or error the
 * vectors are abandoned and {@code onFailure} is told (the engine discards the state and loads the
 * collection eagerly next time). {@link #stop()} ends the stream at the next record (the backend's
 * read view is released as the scan returns). It starts streaming once the first search was answered
 * from the state ({@link #FIRST_ANSWER_WAIT_MS}).
 *
 * <p>The fill is the only writer of the state's {@link NodeMap} (row keys) while it runs: writes
 * to the collection wait for it ({@link IndexEngine}).
 */
final class VectorFill {
    private static final AtomicInteger THREADS = new AtomicInteger();
    /**
     * How long a fill waits for the first search answered from its state before it starts streaming,
     * in ms: a lazy load runs on a search's path, and that search fetches the vectors it reaches
     * itself; the fill would compete with it for the second core and the disk. A caller waiting for
     * the vectors (a writer) ends the wait at once.
     */
    static final long FIRST_ANSWER_WAIT_MS = 500;

    private final IndexedCollection state;
    private final VectorRows.Deferred rows;
    private final BiConsumer<IndexedCollection, String> onFailure;
    private final java.util.Set<VectorFill> running;
    private final Thread thread;
    private volatile boolean stopped;

    /**
     * @param state a state whose index has pending vectors
     * @param rows where its records are read from
     * @param onFailure told the state and the reason when a check fails or the stream throws (not when stopped)
     * @param running the engine's running fills: this one adds itself when started and removes itself when it ends
     */
    VectorFill(IndexedCollection state, VectorRows.Deferred rows, BiConsumer<IndexedCollection, String> onFailure,
               java.util.Set<VectorFill> running) {
        this.state = state;
        this.rows = rows;
        this.onFailure = onFailure;
        this.running = running;
        this.thread = new Thread(this::run, "agentdb-vector-fill-" + THREADS.incrementAndGet());
        this.thread.setDaemon(true);
    }

    /** @return the collection it fills */
    String collection() {
        return state.name();
    }

    void start() {
        running.add(this);
        thread.start();
    }

    /** Asks the fill to end at the next record; the pending vectors are then abandoned. Returns at once. */
    void stop() {
        stopped = true;
    }

    /**
     * Stops the fill and waits for its thread to end.
     *
     * @param timeoutMs how long to wait at most, in ms
     * @return whether the thread ended
     */
    boolean stopAndJoin(long timeoutMs) {
        stop();
        boolean interrupted = false;
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        try {
            while (thread.isAlive()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    thread.join(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            return true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        try {
            fill();
        } finally {
            running.remove(this);
        }
    }

    private void fill() {
        HnswIndex index = state.index();
        NodeMap nodes = state.nodes();
        Sink sink = new Sink(index, nodes);
        try {
            // the load happens on a search's path: let that search answer before the fill takes a core and the disk
            state.awaitAnswered(FIRST_ANSWER_WAIT_MS, () -> stopped);
            rows.scan(state.spec().dimension(), sink, () -> stopped || sink.reason != null);
            if (stopped) {
                index.abandonVectors("the collection was discarded or closed while its vectors were loading");
                return;
            }
            if (sink.reason == null && sink.matched != nodes.liveCount()) {
                sink.reason = "the graph has " + nodes.liveCount() + " live nodes but the collection has " + sink.matched + " records";
            }
            if (sink.reason == null) {
                index.completeVectors();
                return;
            }
            fail(index, sink.reason);
        } catch (RuntimeException | Error e) {
            fail(index, stopped ? "stopped" : "loading its vectors failed: " + e);
        }
    }

    private void fail(HnswIndex index, String reason) {
        index.abandonVectors(reason);
        if (!stopped) {
            onFailure.accept(state, reason);
        }
    }

    /** Gives each record's embedding to its live node, if a search has not fetched it already. */
    private static final class Sink extends RecordMatcher {
        private final HnswIndex index;

        Sink(HnswIndex index, NodeMap nodes) {
            super(nodes);
            this.index = index;
        }

        @Override
        void give(int node, float[] floats, byte[] littleEndian) {
            if (floats != null) {
                index.supplyVector(node, floats);
            } else {
                index.supplyVector(node, littleEndian);
            }
        }
    }
}
