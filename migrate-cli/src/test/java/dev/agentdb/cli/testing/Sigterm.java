package dev.agentdb.cli.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Stops a forked {@code agentdb} run as Ctrl-C would, at a chosen moment, and collects what it printed. */
public final class Sigterm {
    private Sigterm() {
    }

    /**
     * Sends SIGTERM (which the command handles like Ctrl-C) once {@code ready} holds, then waits for
     * the process to end.
     *
     * @param p a started process whose standard output is piped (standard error merged into it)
     * @param ready polled every 5 ms while the process runs; the signal goes once it is true
     * @param what what {@code ready} waits for, for the message when it does not come within 60 s
     * @return everything the process printed
     * @throws Exception when waiting is interrupted
     */
    public static String once(Process p, BooleanSupplier ready, String what) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Thread pump = new Thread(() -> {
            try {
                p.getInputStream().transferTo(printed);
            } catch (IOException e) {
                // the process is gone: what it printed is in the buffer
            }
        });
        pump.start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (p.isAlive() && !ready.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as("no %s within 60 s: %s", what, printed).isLessThan(deadline);
            Thread.sleep(5);
        }
        p.toHandle().destroy(); // SIGTERM (Process.destroy would close our streams)
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        pump.join();
        return printed.toString(StandardCharsets.UTF_8);
    }
}
