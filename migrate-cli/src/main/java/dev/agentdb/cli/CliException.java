package dev.agentdb.cli;

/**
 * A runtime failure the command reports as one clear message (no stack trace) with exit code
 * {@link ExitCodes#FAILURE}.
 */
public class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed and, where possible, what to do about it */
    public CliException(String message) {
        super(message);
    }

    /**
     * @param message what failed
     * @param cause the underlying error
     */
    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
