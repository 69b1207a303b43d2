package dev.agentdb.mongodb.internal;

import com.mongodb.ConnectionString;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.InvalidInputException;
import dev.agentdb.internal.Validation;

import java.util.Locale;

/**
 * A MongoDB URL as AgentDB accepts it: MongoDB's own connection string ({@code mongodb://} or
 * {@code mongodb+srv://}, hosts, user and password, options such as {@code maxPoolSize},
 * {@code connectTimeoutMS}, {@code tls}), parsed by the driver's {@link ConnectionString}, with the
 * database in the path required (AgentDB keeps its collections there). The password is never shown:
 * {@link #redacted()} and {@link #redact(String)} mask it. Not API.
 */
public final class MongoUrl {
    private final ConnectionString connectionString;
    private final String database;
    private final String redacted;
    private final String password;

    private MongoUrl(ConnectionString connectionString, String url) {
        this.connectionString = connectionString;
        this.database = connectionString.getDatabase();
        char[] pw = connectionString.getPassword();
        this.password = pw == null || pw.length == 0 ? null : new String(pw);
        this.redacted = redactText(AgentDBConfig.redact(url), password);
    }

    /**
     * @param url a URL
     * @return whether it is a MongoDB URL ({@code mongodb://} or {@code mongodb+srv://}, any case)
     */
    public static boolean isMongoUrl(String url) {
        if (url == null) {
            return false;
        }
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("mongodb://") || lower.startsWith("mongodb+srv://");
    }

    /**
     * @param url a {@code mongodb://} or {@code mongodb+srv://} URL with a database in its path
     * @return the parsed URL
     * @throws InvalidInputException naming {@code url} when it is not a MongoDB URL, the driver refuses
     *         it, or it names no database (the message never shows the password)
     */
    public static MongoUrl parse(String url) {
        if (!isMongoUrl(url)) {
            throw new InvalidInputException("url", "'" + Validation.abbreviate(AgentDBConfig.redact(url))
                    + "' is not a MongoDB URL; expected mongodb://host:27017/database or mongodb+srv://host/database");
        }
        ConnectionString cs;
        try {
            cs = new ConnectionString(url);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("url", "'" + AgentDBConfig.redact(url) + "' is not a valid MongoDB connection string: "
                    + redactText(AgentDBConfig.redact(String.valueOf(e.getMessage())), passwordOf(url)));
        }
        MongoUrl parsed = new MongoUrl(cs, url);
        if (parsed.database == null || parsed.database.isBlank()) {
            throw new InvalidInputException("url", "'" + parsed.redacted + "' names no database: AgentDB keeps its collections in"
                    + " the database of the URL's path, e.g. mongodb://127.0.0.1:27017/agentdb");
        }
        return parsed;
    }

    /** The password of a URL the driver could not parse, best effort, so that its message can be masked. */
    private static String passwordOf(String url) {
        int scheme = url.indexOf("://");
        int at = url.indexOf('@', scheme + 3);
        int colon = url.indexOf(':', scheme + 3);
        return scheme < 0 || at < 0 || colon < 0 || colon > at ? null : url.substring(colon + 1, at);
    }

    private static String redactText(String text, String password) {
        return text == null || password == null || password.isEmpty() ? text : text.replace(password, "***");
    }

    /** @return the driver's connection string (pool, timeouts, TLS, credentials) */
    public ConnectionString connectionString() {
        return connectionString;
    }

    /** @return the database of the URL's path */
    public String database() {
        return database;
    }

    /** @return the URL with its password masked, for messages and logs */
    public String redacted() {
        return redacted;
    }

    /**
     * @param message a message that may quote the URL or the password (a driver exception's, say)
     * @return the message with the password masked
     */
    public String redact(String message) {
        return redactText(AgentDBConfig.redact(message), password);
    }

    /** @return {@link #redacted()} */
    @Override
    public String toString() {
        return redacted;
    }
}
