package dev.agentdb.compat;

import dev.agentdb.AgentDBException;
import dev.agentdb.ConflictException;
import dev.agentdb.InvalidInputException;
import dev.agentdb.NotFoundException;
import dev.agentdb.UnsupportedFeatureException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs the inputs of the bad-input corpus against its {@link CorpusWorld} and tallies the outcomes:
 * every input must end in a correct result or a typed refusal as its oracle says, and the stored
 * data must be unchanged (its checksum is compared every {@value #CHECK_EVERY} inputs and at the
 * end). Anything else (a wrong result, an untyped or undocumented exception, a
 * {@code StackOverflowError}, an {@code OutOfMemoryError}) is a failure, kept with its input.
 */
final class CorpusRun {
    /** Inputs between two checksums of the stored data. */
    static final int CHECK_EVERY = 25;
    /** Failures kept for the report, at most. */
    private static final int KEEP = 15;
    /** The typed errors the API documents; a bare {@link AgentDBException} is not one of them. */
    private static final List<Class<? extends AgentDBException>> DOCUMENTED = List.of(InvalidInputException.class,
            NotFoundException.class, ConflictException.class, UnsupportedFeatureException.class);

    private final CorpusWorld world;
    private final Map<String, Map<String, Long>> tally = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();
    private long failed;
    private long checksums;
    private int sinceCheck;

    /** @param world the stored data to run against */
    CorpusRun(CorpusWorld world) {
        this.world = world;
    }

    /**
     * Runs inputs in order, checking the stored data every {@value #CHECK_EVERY} inputs and after
     * the last one; stops at the first change of the stored data.
     *
     * @param inputs the inputs
     */
    void runAll(List<CorpusInput> inputs) {
        for (int i = 0; i < inputs.size(); i++) {
            run(inputs.get(i));
            if (++sinceCheck == CHECK_EVERY || i == inputs.size() - 1) {
                sinceCheck = 0;
                checksums++;
                if (!world.unchanged()) {
                    fail(inputs.get(i), "the stored data changed during inputs " + Math.max(0, i - CHECK_EVERY + 1) + " to " + i
                            + " (from " + inputs.get(Math.max(0, i - CHECK_EVERY + 1)) + ")");
                    return;
                }
            }
        }
    }

    private void run(CorpusInput input) {
        String outcome;
        try {
            input.call().run(world);
            outcome = "correct result";
            if (input.expect() == CorpusInput.Expect.REFUSE) {
                fail(input, "accepted, but must be refused with " + input.refusal().getSimpleName());
                return;
            }
        } catch (AgentDBException e) {
            outcome = e.getClass().getSimpleName();
            if (input.expect() == CorpusInput.Expect.ACCEPT) {
                fail(input, "refused, but must be accepted: " + e);
                return;
            }
            if (!input.refusal().isInstance(e) || DOCUMENTED.stream().noneMatch(t -> t.isInstance(e))) {
                fail(input, "refused with " + e + ", expected " + input.refusal().getSimpleName());
                return;
            }
        } catch (AssertionError e) {
            fail(input, "wrong result: " + e.getMessage());
            return;
        } catch (Throwable t) { // StackOverflowError, OutOfMemoryError, NullPointerException: never allowed
            fail(input, "threw " + t);
            return;
        }
        tally.computeIfAbsent(input.category(), c -> new TreeMap<>()).merge(outcome, 1L, Long::sum);
    }

    /** Records a failure, and removes what the failed input may have left so that the next ones run on the reference data. */
    private void fail(CorpusInput input, String why) {
        try {
            world.restore();
        } catch (RuntimeException e) {
            why += " (and restoring the reference data failed: " + e + ")";
        }
        failed++;
        tally.computeIfAbsent(input.category(), c -> new TreeMap<>()).merge("FAILED", 1L, Long::sum);
        if (failures.size() < KEEP) {
            failures.add(input + "\n      -> " + why);
        }
    }

    /** @return outcomes per category: {@code correct result}, the refusal's type, or {@code FAILED}, with counts */
    Map<String, Map<String, Long>> tally() {
        return tally;
    }

    /** @return inputs that failed */
    long failed() {
        return failed;
    }

    /** @return the first failures, each with its input and why */
    List<String> failures() {
        return failures;
    }

    /** @return how many times the stored data was checked */
    long checksums() {
        return checksums;
    }

    /** @return inputs run, in all */
    long inputs() {
        return tally.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
    }
}
