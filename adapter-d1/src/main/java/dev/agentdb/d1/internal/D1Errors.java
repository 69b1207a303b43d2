package dev.agentdb.d1.internal;

import dev.agentdb.AgentDBException;
import dev.agentdb.BackendUnavailableException;
import dev.agentdb.ConflictException;
import dev.agentdb.InvalidInputException;
import dev.agentdb.NotFoundException;

import java.util.Locale;

/**
 * Translates what D1 refused ({@link D1Exception}) into AgentDB's typed exceptions, in one place:
 * <ul>
 *   <li>HTTP 404 / code 7404 (unknown account or database) -> {@link BackendUnavailableException};</li>
 *   <li>{@code no such table} -> {@link NotFoundException} (the collection's table is gone: dropped by another client);</li>
 *   <li>{@code too many SQL variables}, {@code SQLITE_TOOBIG}, {@code string or blob too big}, statement too long ->
 *       {@link InvalidInputException} naming the D1 limit;</li>
 *   <li>{@code UNIQUE constraint failed} -> {@link ConflictException};</li>
 *   <li>an ambiguous failure or anything else -> {@link AgentDBException} with D1's message.</li>
 * </ul>
 * Stateless.
 */
public final class D1Errors {
    private D1Errors() {
    }

    /**
     * @param e what D1 refused
     * @param what what was being done, e.g. {@code insert into 'docs'}
     * @param target the database, as shown to users (redacted URL)
     * @return the exception to throw
     */
    public static AgentDBException translate(D1Exception e, String what, String target) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        if (e.status() == 404 || e.code() == 7404) {
            return new BackendUnavailableException("D1 database " + target + " does not exist or is not visible to the token ("
                    + message + ")", e);
        }
        if (e.ambiguous()) {
            return new AgentDBException("cannot " + what + " in D1 " + target + ": " + message, e);
        }
        if (lower.contains("no such table")) {
            return new NotFoundException("cannot " + what + ": " + message + " (dropped by another client?)");
        }
        if (lower.contains("too many sql variables")) {
            return new InvalidInputException("params", "D1 binds at most " + D1Params.MAX_PARAMS + " parameters per statement: "
                    + message, e);
        }
        if (lower.contains("sqlite_toobig") || lower.contains("too big") || lower.contains("too long")) {
            return new InvalidInputException("params", "D1 limits a statement to " + D1Params.MAX_SQL_BYTES + " bytes and a string, "
                    + "BLOB or row to " + D1Params.MAX_VALUE_BYTES + " bytes: " + message, e);
        }
        if (lower.contains("unique constraint failed")) {
            return new ConflictException("cannot " + what + ": " + message, e);
        }
        return new AgentDBException("cannot " + what + " in D1 " + target + ": " + message, e);
    }

    /**
     * @param e what D1 refused
     * @return whether it is the refusal of the write guard (another writer changed the collection since it was read)
     */
    public static boolean isGuardRefusal(D1Exception e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        return m.contains("CHECK constraint failed") && m.contains("agentdb_write_guard");
    }
}
