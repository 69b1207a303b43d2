package dev.agentdb;

/**
 * Root of every exception AgentDB throws. Unchecked, like {@code DataAccessException} in Spring:
 * callers catch the specific subtype they can handle and let the rest propagate.
 *
 * <p>Messages name the offending field, what is wrong with its value and the limit that applies,
 * e.g. {@code "embedding: dimension 3 does not match collection 'docs' dimension 4"}.
 */
public class AgentDBException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed; never null */
    public AgentDBException(String message) {
        super(message);
    }

    /**
     * @param message what failed; never null
     * @param cause the underlying driver or I/O error; may be null
     */
    public AgentDBException(String message, Throwable cause) {
        super(message, cause);
    }
}
