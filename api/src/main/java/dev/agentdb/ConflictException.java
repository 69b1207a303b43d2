package dev.agentdb;

/**
 * The operation contradicts what is stored: inserting an id that already exists (use upsert),
 * creating a collection that exists with another spec, or a database written by a newer
 * schema version than this library understands.
 */
public class ConflictException extends AgentDBException {
    private static final long serialVersionUID = 1L;

    /** @param message names the conflicting object */
    public ConflictException(String message) {
        super(message);
    }

    /**
     * @param message names the conflicting object
     * @param cause the driver's constraint violation; may be null
     */
    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
