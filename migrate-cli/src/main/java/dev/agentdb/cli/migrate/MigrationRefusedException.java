package dev.agentdb.cli.migrate;

/**
 * The migration cannot start as asked (a target collection with another spec, rows without a
 * checkpoint, an interrupted migration without {@code --resume}, an unknown collection); nothing
 * was changed on the target. The command reports it as a usage error (exit code 2).
 */
public class MigrationRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what was refused and which option changes that */
    public MigrationRefusedException(String message) {
        super(message);
    }
}
