package dev.agentdb.compat;

import net.jqwik.api.Arbitrary;
import net.jqwik.engine.SourceOfRandomness;

import java.util.List;

/**
 * Draws values from jqwik arbitraries inside an ordinary JUnit Jupiter test, reproducibly.
 *
 * <p>The kit's contracts run as Jupiter tests over the adapter's fixture (its temporary files,
 * servers and extensions), which jqwik's own {@code @Property} lifecycle would not see; so the
 * generated contracts draw their inputs with {@link Arbitrary#sampleStream()}, which works outside
 * that lifecycle. It takes its randomness from jqwik's per-thread source, which this class seeds
 * first (jqwik's engine has no public API for that; {@link SourceOfRandomness} is pinned by the
 * jqwik version of the build): the same seed draws the same values, and a failure names its seed.
 */
final class Draws {
    /** The system property that replaces {@link #DEFAULT_SEED}, to draw other inputs. */
    static final String SEED_PROPERTY = "agentdb.compat.seed";
    /** The seed used unless {@value #SEED_PROPERTY} is set: CI runs the same inputs every time. */
    static final long DEFAULT_SEED = 20_261_206L;

    private Draws() {
    }

    /** @return the seed of this run: {@value #SEED_PROPERTY}, else {@link #DEFAULT_SEED} */
    static long seed() {
        return Long.getLong(SEED_PROPERTY, DEFAULT_SEED);
    }

    /**
     * @param arbitrary what to draw from
     * @param n how many values, 0 or more
     * @param seed the seed; the same seed draws the same values
     * @param <T> the value type
     * @return {@code n} values
     */
    static <T> List<T> sample(Arbitrary<T> arbitrary, int n, long seed) {
        SourceOfRandomness.create(Long.toString(seed));
        return arbitrary.sampleStream().limit(n).toList();
    }
}
