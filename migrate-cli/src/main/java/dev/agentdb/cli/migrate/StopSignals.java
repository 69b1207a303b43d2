package dev.agentdb.cli.migrate;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns Ctrl-C (SIGINT) and SIGTERM into a request to stop after the current batch, instead of
 * killing the JVM mid-batch, while installed. A second signal restores the JVM's default handling
 * and raises the signal again, so an impatient user can still kill the process (which is safe too:
 * every batch is committed atomically with its checkpoint).
 *
 * <p>Uses {@code sun.misc.Signal} (module {@code jdk.unsupported}); where it is unavailable the JVM's
 * default handling applies and nothing breaks.
 */
public final class StopSignals implements AutoCloseable {
    private static final String[] SIGNALS = {"INT", "TERM"};

    private final List<Signal> installed = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private StopSignals() {
    }

    /**
     * @param onFirstSignal called (on the signal thread) at the first signal, e.g. {@link Migration#requestStop()}
     * @return the installed handlers; close to restore the previous ones
     */
    public static StopSignals install(Runnable onFirstSignal) {
        StopSignals s = new StopSignals();
        boolean[] signalled = {false};
        for (String name : SIGNALS) {
            try {
                Signal signal = new Signal(name);
                SignalHandler old = Signal.handle(signal, sig -> {
                    synchronized (signalled) {
                        if (signalled[0]) {
                            s.close();
                            Signal.raise(sig);
                            return;
                        }
                        signalled[0] = true;
                    }
                    onFirstSignal.run();
                });
                s.installed.add(signal);
                s.previous.add(old);
            } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
                // signal unknown on this platform or already used by the JVM: keep the default
            }
        }
        return s;
    }

    /** Restores the handlers that were in place before {@link #install}. Idempotent. */
    @Override
    public synchronized void close() {
        for (int i = 0; i < installed.size(); i++) {
            try {
                Signal.handle(installed.get(i), previous.get(i));
            } catch (IllegalArgumentException e) {
                // nothing to restore
            }
        }
        installed.clear();
        previous.clear();
    }
}
