package dev.agentdb.postgres.internal;

import dev.agentdb.AgentDBException;
import dev.agentdb.BackendUnavailableException;
import dev.agentdb.ConflictException;
import dev.agentdb.InvalidInputException;
import dev.agentdb.NotFoundException;
import dev.agentdb.ReadOnlyException;
import dev.agentdb.sql.jdbc.ServerUrl;
import dev.agentdb.sql.jdbc.SqlErrorTranslator;
import org.postgresql.util.PSQLException;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's SQLStates mapped to the AgentDB exceptions, with the password of the URL removed
 * from every message:
 * <ul>
 *   <li>{@code 23505} unique violation: {@link ConflictException} naming the id from the server's detail;</li>
 *   <li>{@code 22P05} / {@code 22021} (a {@code \u0000} in jsonb / text): {@link InvalidInputException}
 *       naming {@code metadata} / {@code text};</li>
 *   <li>{@code 42P01} undefined table: {@link NotFoundException}, after dropping the adapter's cached
 *       specs (another client dropped the collection);</li>
 *   <li>{@code 25006} read-only SQL transaction (a read-only connection, or a hot standby):
 *       {@link ReadOnlyException};</li>
 *   <li>classes {@code 08} (connection) and {@code 57P} (shutdown): {@link BackendUnavailableException};</li>
 *   <li>anything else: {@link AgentDBException} with the SQLState.</li>
 * </ul>
 * The subject, when given, is the collection name and prefixes the message. Thread-safe. Not API.
 */
public final class PostgresErrors implements SqlErrorTranslator {
    private static final Pattern DUPLICATE_KEY = Pattern.compile("Key \\(id\\)=\\((.*)\\) already exists");

    private final PostgresUrl url;
    private final Runnable onMissingTable;

    /**
     * @param url the adapter's URL (its redacted form and password are used in messages)
     * @param onMissingTable run when a table turned out not to exist (drops cached collection specs)
     */
    public PostgresErrors(PostgresUrl url, Runnable onMissingTable) {
        this.url = url;
        this.onMissingTable = onMissingTable;
    }

    /**
     * @param e the driver's error
     * @param collection the collection the work was about, or null
     * @return the AgentDB exception (see the class comment), {@code e} as its cause where it has one
     */
    @Override
    public RuntimeException translate(SQLException e, String collection) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String where = collection == null ? "" : "collection '" + collection + "': ";
        switch (state) {
            case "23505": {
                String detail = e instanceof PSQLException p && p.getServerErrorMessage() != null
                        ? p.getServerErrorMessage().getDetail() : null;
                Matcher m = detail == null ? null : DUPLICATE_KEY.matcher(detail);
                String id = m != null && m.find() ? "id '" + m.group(1) + "'" : "an id";
                return new ConflictException(where + id + " already exists; nothing was written (use upsert to replace)", e);
            }
            case "22P05":
                return new InvalidInputException("metadata", "PostgreSQL jsonb cannot store the character \\u0000: "
                        + e.getMessage(), e);
            case "22021":
                return new InvalidInputException("text", "PostgreSQL text cannot store the character \\u0000: " + e.getMessage(), e);
            case "25006":
                return new ReadOnlyException(collection == null ? "statement" : "statement on collection '" + collection + "'",
                        "PostgreSQL refused it in a read-only transaction (" + redact(e.getMessage(), url) + "); nothing was written", e);
            case "42P01":
                onMissingTable.run();
                return new NotFoundException(where + "its table does not exist (dropped by another client?)");
            default:
                if (state.startsWith("08") || state.startsWith("57P")) {
                    return new BackendUnavailableException(where + "PostgreSQL at " + url.redacted() + " is unavailable: "
                            + redact(e.getMessage(), url), e);
                }
                return new AgentDBException(where + "PostgreSQL error " + state + ": " + redact(e.getMessage(), url), e);
        }
    }

    /**
     * @param message a driver message, may be null
     * @param url the URL whose password must not appear
     * @return the message with credentials of URLs and the password replaced by {@code ***};
     *         {@code "(no message)"} for null
     */
    public static String redact(String message, PostgresUrl url) {
        return ServerUrl.redact(message, url.password());
    }
}
