package dev.agentdb.sqlite.internal;

import dev.agentdb.AgentDBConfig;
import dev.agentdb.InvalidInputException;

import java.util.Locale;

/**
 * A parsed SQLite URL: {@code sqlite:./agent.db}, {@code sqlite:/abs/path.db}, {@code sqlite::memory:},
 * or the same after a {@code jdbc:} prefix ({@code jdbc:sqlite:...}). Not API.
 *
 * @param target what follows the {@code sqlite:} prefix: a file path, {@code :memory:}, or a
 *               SQLite {@code file:} URI
 * @param memory whether the database lives in memory (no file, not durable)
 */
public record SqliteUrl(String target, boolean memory) {

    /** The in-memory target. */
    public static final String MEMORY = ":memory:";

    /**
     * @param url a configured URL
     * @return whether it names a SQLite database ({@code sqlite:} or {@code jdbc:sqlite:}, case-insensitive)
     */
    public static boolean isSqlite(String url) {
        if (url == null) {
            return false;
        }
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("sqlite:") || lower.startsWith("jdbc:sqlite:");
    }

    /**
     * @param url a configured URL
     * @return the parsed URL
     * @throws InvalidInputException naming {@code url} when it is not a SQLite URL or names no file
     */
    public static SqliteUrl parse(String url) {
        if (!isSqlite(url)) {
            throw new InvalidInputException("url", "'" + AgentDBConfig.redact(url) + "' is not a SQLite URL; expected sqlite:./agent.db or sqlite::memory:");
        }
        String rest = url.substring(url.toLowerCase(Locale.ROOT).startsWith("jdbc:") ? "jdbc:sqlite:".length() : "sqlite:".length());
        if (rest.startsWith("//")) {
            rest = rest.substring(2); // tolerate sqlite://./agent.db and sqlite:///abs/path.db
        }
        if (rest.isEmpty()) {
            throw new InvalidInputException("url", "'" + url + "' names no database; expected sqlite:./agent.db or sqlite::memory:");
        }
        boolean memory = rest.equals(MEMORY) || rest.contains("mode=memory");
        return new SqliteUrl(rest, memory);
    }

    /** @return the JDBC URL for the xerial driver */
    public String jdbcUrl() {
        return "jdbc:sqlite:" + target;
    }
}
