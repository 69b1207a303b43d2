package dev.agentdb.mysql.internal;

import dev.agentdb.AgentDBException;
import dev.agentdb.BackendUnavailableException;
import dev.agentdb.ConflictException;
import dev.agentdb.NotFoundException;
import dev.agentdb.ReadOnlyException;
import dev.agentdb.sql.jdbc.ServerUrl;
import dev.agentdb.sql.jdbc.SqlErrorTranslator;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MySQL's and MariaDB's errors mapped to the AgentDB exceptions, with the URL's password removed
 * from every message:
 * <ul>
 *   <li>1062 duplicate key: {@link ConflictException} naming the id from the server's message;</li>
 *   <li>1146 table does not exist: {@link NotFoundException}, after dropping the adapter's cached
 *       specs (another client dropped the collection);</li>
 *   <li>1792 statement refused in a read-only transaction, and Connector/J's own refusal on a
 *       read-only connection (SQLState {@code S1009}): {@link ReadOnlyException};</li>
 *   <li>1205 lock wait timeout, 1213 deadlock, SQLState class {@code 08} (connection), 1040 too
 *       many connections, 1053 shutdown: {@link BackendUnavailableException};</li>
 *   <li>anything else: {@link AgentDBException} with the error code and SQLState.</li>
 * </ul>
 * The subject, when given, prefixes the message. Thread-safe. Not API.
 */
public final class MysqlErrors implements SqlErrorTranslator {
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate entry '(.*)' for key");

    private final MysqlUrl url;
    private final Runnable onMissingTable;

    /**
     * @param url the adapter's URL (its redacted form and password are used in messages)
     * @param onMissingTable run when a table turned out not to exist (drops cached collection specs)
     */
    public MysqlErrors(MysqlUrl url, Runnable onMissingTable) {
        this.url = url;
        this.onMissingTable = onMissingTable;
    }

    /**
     * @param e the driver's error
     * @param subject what the work was about (a collection name or a description), or null
     * @return the AgentDB exception (see the class comment), {@code e} as its cause
     */
    @Override
    public RuntimeException translate(SQLException e, String subject) {
        String where = subject == null ? "" : subject + ": ";
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        switch (e.getErrorCode()) {
            case 1062: {
                Matcher m = DUPLICATE.matcher(String.valueOf(e.getMessage()));
                String id = m.find() ? "id '" + m.group(1) + "'" : "an id";
                return new ConflictException(where + id + " already exists; nothing was written (use upsert to replace)", e);
            }
            case 1792:
                return new ReadOnlyException(subject == null ? "statement" : "statement on '" + subject + "'",
                        "MySQL/MariaDB refused it in a read-only transaction (" + redact(e.getMessage(), url) + "); nothing was written", e);
            case 1146:
                onMissingTable.run();
                return new NotFoundException(where + "its table does not exist (dropped by another client?)");
            case 1205:
            case 1213:
            case 1040:
            case 1053:
                return new BackendUnavailableException(where + "MySQL/MariaDB at " + url.redacted() + " is busy or unavailable ("
                        + e.getErrorCode() + "): " + redact(e.getMessage(), url), e);
            default:
                if ("S1009".equals(state) && String.valueOf(e.getMessage()).contains("read-only")) {
                    // Connector/J refuses a modifying statement on a read-only connection before sending it
                    return new ReadOnlyException(subject == null ? "statement" : "statement on '" + subject + "'",
                            "the connection is read-only (" + redact(e.getMessage(), url) + "); nothing was written", e);
                }
                if (state.startsWith("08")) {
                    return new BackendUnavailableException(where + "MySQL/MariaDB at " + url.redacted() + " is unavailable: "
                            + redact(e.getMessage(), url), e);
                }
                return new AgentDBException(where + "MySQL/MariaDB error " + e.getErrorCode() + " (" + state + "): "
                        + redact(e.getMessage(), url), e);
        }
    }

    /**
     * @param message a driver message, may be null
     * @param url the URL whose password must not appear
     * @return the message with credentials of URLs and the password replaced by {@code ***};
     *         {@code "(no message)"} for null
     */
    public static String redact(String message, MysqlUrl url) {
        return ServerUrl.redact(message, url.password());
    }
}
