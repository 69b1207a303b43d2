package dev.agentdb;

/**
 * A write was refused because the database is read-only: it was opened with
 * {@link AgentDBConfig#readOnly()} (or a URL that asks for it, such as SQLite's {@code ?mode=ro}),
 * or the backend itself refuses writes (a read-only file or server connection). Nothing was
 * written. Also thrown when a read-only open finds a schema that needs an upgrade, which only a
 * read-write open performs; the message says how.
 *
 * <p>Not transient: retrying the same call on the same database fails the same way. Open the
 * database read-write to change it.
 */
public class ReadOnlyException extends AgentDBException {
    private static final long serialVersionUID = 1L;

    /** What was refused, e.g. {@code "insert into 'docs'"}. */
    private final String operation;

    /**
     * A write refused by a database opened read-only.
     *
     * @param operation what was refused, e.g. {@code "insert into 'docs'"}; not null
     */
    public ReadOnlyException(String operation) {
        this(operation, "refused: the database was opened read-only (AgentDBConfig.readOnly, or mode=ro in a SQLite URL);"
                + " open it read-write to change it", null);
    }

    /**
     * A write refused for the reason given.
     *
     * @param operation what was refused, e.g. {@code "insert into 'docs'"}; not null
     * @param reason why, and what to do about it; the message is {@code operation + ": " + reason}
     * @param cause the driver's error when the backend refused; may be null
     */
    public ReadOnlyException(String operation, String reason, Throwable cause) {
        super(operation + ": " + reason, cause);
        this.operation = operation;
    }

    /** @return what was refused, e.g. {@code "insert into 'docs'"}; never null */
    public String operation() {
        return operation;
    }
}
