package dev.agentdb;

/**
 * An argument was refused before anything was written: a NaN component, an empty vector,
 * {@code k} out of range, oversized metadata, a malformed filter, an illegal identifier.
 * Nothing stored changes when this is thrown.
 */
public class InvalidInputException extends AgentDBException {
    private static final long serialVersionUID = 1L;

    /** The name of the offending argument or field, e.g. {@code "embedding[3]"}; never null. */
    private final String field;

    /**
     * @param field the name of the offending argument or field, e.g. {@code "embedding[3]"}; never null
     * @param problem what is wrong and the limit that applies; never null
     */
    public InvalidInputException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    /**
     * @param field the name of the offending argument or field
     * @param problem what is wrong and the limit that applies
     * @param cause the parser error behind it; may be null
     */
    public InvalidInputException(String field, String problem, Throwable cause) {
        super(field + ": " + problem, cause);
        this.field = field;
    }

    /** @return the offending field or argument name, never null */
    public String field() {
        return field;
    }
}
