package dev.agentdb;

import dev.agentdb.spi.Capability;

/**
 * The adapter does not declare the capability the call needs (for example raw SQL on a document
 * store). Check {@link AgentDB#capabilities()} first to avoid it.
 */
public class UnsupportedFeatureException extends AgentDBException {
    private static final long serialVersionUID = 1L;

    /** The capability the adapter lacks. */
    private final Capability capability;

    /**
     * @param capability the missing capability; never null
     * @param backend the backend that lacks it, e.g. {@code "sqlite"}
     */
    public UnsupportedFeatureException(Capability capability, String backend) {
        super("capability " + capability + " is not supported by the " + backend + " backend");
        this.capability = capability;
    }

    /** @return the capability the call needed */
    public Capability capability() {
        return capability;
    }
}
