package dev.agentdb.compat;

import dev.agentdb.AgentDBException;

/**
 * One generated call of the bad-input corpus and what the oracle expects of it.
 *
 * @param category what is generated: {@code vectors}, {@code ids}, {@code metadata}, {@code filters} or {@code names}
 * @param description the input, short and printable, for failure messages
 * @param expect whether the call must succeed, must be refused, or may do either
 * @param refusal the typed error a refusal must be an instance of
 * @param call the call; on success it checks its own result (throwing {@link AssertionError} when
 *             wrong) and removes what it added, so that the stored data is as before
 */
record CorpusInput(String category, String description, Expect expect, Class<? extends AgentDBException> refusal,
                   Call call) {

    /** What the oracle says about an input. */
    enum Expect {
        /** Valid: every backend must succeed with the correct result. */
        ACCEPT,
        /** Invalid: every backend must throw {@link CorpusInput#refusal()}. */
        REFUSE,
        /** Either a typed refusal or a correct result (e.g. a random JSON filter that may parse). */
        EITHER
    }

    /** The call of one input. */
    @FunctionalInterface
    interface Call {
        /**
         * @param world the stored data to call against
         * @throws Exception whatever the call throws
         */
        void run(CorpusWorld world) throws Exception;
    }

    @Override
    public String toString() {
        return category + ": " + description;
    }
}
