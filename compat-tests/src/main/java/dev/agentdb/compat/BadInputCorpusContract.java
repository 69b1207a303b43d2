package dev.agentdb.compat;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract: a generated corpus of bad (and good) input, {@value #DEFAULT_INPUTS} inputs by default,
 * drawn from jqwik arbitraries across vectors, ids, metadata, filters and collection names, ends in
 * a correct result or a typed refusal every time, exactly as an oracle written apart from the API
 * says, leaves the stored data unchanged (checksums before and after), and never throws a
 * {@code StackOverflowError}, an {@code OutOfMemoryError} or an untyped exception. The counts are
 * printed.
 *
 * <p>Inputs are drawn with a fixed seed, so every run tries the same ones; set the system property
 * {@value Draws#SEED_PROPERTY} to try others, and {@value #INPUTS_PROPERTY} to try more or fewer.
 */
public interface BadInputCorpusContract extends CompatFixture {
    /** Inputs of one run unless {@value #INPUTS_PROPERTY} says otherwise. */
    int DEFAULT_INPUTS = 10_000;
    /** The system property that sets how many inputs a run tries. */
    String INPUTS_PROPERTY = "agentdb.compat.corpusInputs";

    /**
     * How many inputs this fixture's run tries: {@value #INPUTS_PROPERTY} when set, else
     * {@value #DEFAULT_INPUTS}. A fixture may return fewer where every input costs network round trips
     * and the full corpus already runs on the same adapter in another fixture (the D1 kit runs it on
     * one database; its sharded fixture, whose inputs are validated by the same code before any
     * shard is asked, runs a fifth).
     *
     * @return 5 or more
     */
    default int corpusInputs() {
        return Integer.getInteger(INPUTS_PROPERTY, DEFAULT_INPUTS);
    }

    /**
     * Every generated input gives a correct result or the typed refusal its oracle expects, and the
     * stored data stays as it was.
     */
    @Test
    default void should_answer_every_generated_input_correctly_or_with_a_typed_error_and_change_nothing() {
        long seed = Draws.seed();
        int total = corpusInputs();
        CorpusWorld world = new CorpusWorld(db(), Draws.sample(GeneratedMetadata.storableOnes(), CorpusWorld.GENERATED, seed));
        awaitSearchable(world.corpus(), world.ids().size());
        List<CorpusInput> inputs = new ArrayList<>();
        inputs.addAll(Draws.sample(CorpusInputs.vectors(), total / 5, seed + 1));
        inputs.addAll(Draws.sample(CorpusInputs.ids(), total / 5, seed + 2));
        inputs.addAll(Draws.sample(CorpusInputs.metadata(), total / 5, seed + 3));
        inputs.addAll(Draws.sample(CorpusInputs.names(), total / 10, seed + 4));
        inputs.addAll(Draws.sample(FilterInputs.any(), total - inputs.size(), seed + 5));

        CorpusRun run = new CorpusRun(world);
        run.runAll(inputs);

        System.out.printf("[agentdb-compat] bad-input corpus on %s (seed %d): %,d inputs, %,d checksums of the stored data, "
                + "%,d failed%n", db().backendType(), seed, run.inputs(), run.checksums(), run.failed());
        run.tally().forEach((category, outcomes) -> System.out.printf("[agentdb-compat]   %-8s %s%n", category, outcomes));
        assertThat(run.failures()).as("inputs without a correct result or the expected typed error (seed %d; %d in all), "
                + "the first ones", seed, run.failed()).isEmpty();
        assertThat(run.inputs()).isEqualTo(total);
        assertThat(world.unchanged()).as("stored data unchanged").isTrue();
    }
}
