package dev.agentdb.engine;

import dev.agentdb.AgentDBException;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for work the engine handed to its helper thread. */
final class HelperTasks {
    private HelperTasks() {
    }

    /**
     * Waits for a task of the helper. An interrupt does not stop the wait, since the helper uses
     * state the caller owns (the graph must not change under the caller), but is kept: the thread's
     * interrupt flag is set again on return.
     *
     * @param task the task
     * @param what what the task does, for the error message ("building the HNSW graph")
     * @throws RuntimeException or {@link Error} the task threw, as thrown; an {@link AgentDBException}
     *         wrapping a checked exception
     */
    static void join(Future<?> task, String what) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    task.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new AgentDBException(what + " failed: " + cause, cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
