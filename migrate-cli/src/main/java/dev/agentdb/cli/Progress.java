package dev.agentdb.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.time.temporal.ChronoUnit;

/**
 * A progress bar (count, rate, ETA) on standard error, or nothing when progress is off, so that
 * redirected output and tests stay free of carriage-return noise.
 */
public final class Progress implements AutoCloseable {
    private static final int UPDATE_INTERVAL_MS = 250;

    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /**
     * @param enabled whether to draw a bar at all
     * @param task the label, e.g. {@code "import"}
     * @param max the expected total, or -1 when unknown
     * @return a running progress bar (or a no-op)
     */
    public static Progress start(boolean enabled, String task, long max) {
        if (!enabled) {
            return new Progress(null);
        }
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(UPDATE_INTERVAL_MS)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUnit(" vec", 1)
                .showSpeed(new java.text.DecimalFormat("#,##0"))
                .setSpeedUnit(ChronoUnit.SECONDS)
                .build();
        return new Progress(bar);
    }

    /** @param n units done since the last call */
    public void stepBy(long n) {
        if (bar != null) {
            bar.stepBy(n);
        }
    }

    /** @param value units done in total (e.g. after resuming) */
    public void stepTo(long value) {
        if (bar != null) {
            bar.stepTo(value);
        }
    }

    /** Draws the final state and stops the bar. */
    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
