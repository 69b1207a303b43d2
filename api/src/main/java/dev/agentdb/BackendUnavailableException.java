package dev.agentdb;

/**
 * The backend cannot be reached or used: the file cannot be opened, the server refuses the
 * connection, a required extension is missing, or no adapter handles the URL's scheme.
 */
public class BackendUnavailableException extends AgentDBException {
    private static final long serialVersionUID = 1L;

    /** @param message what could not be reached and why */
    public BackendUnavailableException(String message) {
        super(message);
    }

    /**
     * @param message what could not be reached and why
     * @param cause the driver or I/O error; may be null
     */
    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
