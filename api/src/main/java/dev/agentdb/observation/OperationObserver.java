package dev.agentdb.observation;

import java.util.function.Supplier;

/**
 * Watches every call of the public API ({@link dev.agentdb.AgentDB} and
 * {@link dev.agentdb.VectorCollection}): it runs the work and may time, count or trace it. Set one
 * with {@link dev.agentdb.AgentDB.Builder#observer(OperationObserver)}, or a Micrometer
 * {@code ObservationRegistry} through {@link MicrometerObserver#of}; without one,
 * {@link #NONE} runs the work directly and nothing is computed for it.
 *
 * <p>Implementations must run {@code work} exactly once, on the calling thread, and rethrow what it
 * throws unchanged (the API's exceptions are part of its contract).
 */
@FunctionalInterface
public interface OperationObserver {
    /** Observes nothing: the work runs as if no observer were there. */
    OperationObserver NONE = new OperationObserver() {
        @Override
        public <T> T observe(Operation operation, Supplier<T> work) {
            return work.get();
        }

        @Override
        public String toString() {
            return "OperationObserver.NONE";
        }
    };

    /**
     * Runs one API call.
     *
     * @param operation what is called; never null
     * @param work the call; run exactly once
     * @param <T> its result type
     * @return what {@code work} returned
     * @throws RuntimeException whatever {@code work} throws, unchanged
     */
    <T> T observe(Operation operation, Supplier<T> work);
}
