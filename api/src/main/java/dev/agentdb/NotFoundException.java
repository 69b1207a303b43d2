package dev.agentdb;

/** A named collection (or another addressed object) does not exist. */
public class NotFoundException extends AgentDBException {
    private static final long serialVersionUID = 1L;

    /** @param message names what was looked for and where */
    public NotFoundException(String message) {
        super(message);
    }
}
