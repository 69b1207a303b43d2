package dev.agentdb.cli;

import dev.agentdb.AgentDB;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.InvalidInputException;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Opening databases from {@code --db} URLs, and locating the file behind a {@code sqlite:} URL.
 * Commands that write ({@code import}, {@code demo}, {@code bench}, the target of {@code migrate})
 * open with {@link #open}, which creates a missing SQLite file; commands that only read
 * ({@code stats}, {@code search}, the source of {@code migrate}) open with {@link #openExisting},
 * read-only: they never create, convert or upgrade a database.
 */
public final class Databases {
    private Databases() {
    }

    /**
     * Opens a database; a malformed URL is reported as a usage error (exit code 2).
     *
     * @param commandLine the command, for the usage error
     * @param url the {@code --db} value, e.g. {@code sqlite:./agent.db}
     * @return the open database
     * @throws CommandLine.ParameterException when the URL is malformed
     */
    public static AgentDB open(CommandLine commandLine, String url) {
        return open(commandLine, url, AgentDBConfig::builder);
    }

    /**
     * Opens an existing database read-only ({@link AgentDBConfig#readOnly()}): nothing on it is
     * created, converted or upgraded.
     *
     * @param commandLine the command, for the usage error and its name
     * @param url the {@code --db} value, e.g. {@code sqlite:./agent.db}
     * @return the open, read-only database
     * @throws CommandLine.ParameterException (exit code 2) when the URL is malformed or names a SQLite
     *         file that does not exist (the message names the file)
     * @throws dev.agentdb.BackendUnavailableException (exit code 1) when the database cannot be opened or
     *         is no AgentDB database (a SQLite file of another program, an empty schema)
     * @throws dev.agentdb.ReadOnlyException (exit code 1) when its schema needs {@code agentdb upgrade}
     */
    public static AgentDB openExisting(CommandLine commandLine, String url) {
        requireFile(commandLine, url, commandLine.getCommandSpec().name() + " reads an existing database and never creates one;"
                + " create one with agentdb import");
        return open(commandLine, url, u -> AgentDBConfig.builder(u).readOnly(true));
    }

    /**
     * Refuses a {@code sqlite:} URL naming a file that does not exist, as a usage error.
     *
     * @param commandLine the command, for the usage error
     * @param url the {@code --db} value
     * @param why what the command does with it, ending the message
     * @throws CommandLine.ParameterException when the file does not exist
     */
    static void requireFile(CommandLine commandLine, String url, String why) {
        Optional<Path> file = sqliteFile(url);
        if (file.isPresent() && !Files.exists(file.get())) {
            throw new CommandLine.ParameterException(commandLine, "--db: no such database file: " + file.get().toAbsolutePath()
                    + " (" + why + ")");
        }
    }

    /**
     * @param url a database URL
     * @return for a {@code sqlite:} file URL without a {@code mode}, the same URL with {@code mode=rw}
     *         (read-write, never created); every other URL unchanged
     */
    static String mustExist(String url) {
        if (sqliteFile(url).isEmpty() || url.contains("mode=")) {
            return url;
        }
        return url + (url.contains("?") ? "&" : "?") + "mode=rw";
    }

    private static AgentDB open(CommandLine commandLine, String url, java.util.function.Function<String, AgentDBConfig.Builder> config) {
        try {
            return AgentDB.open(config.apply(url).build());
        } catch (InvalidInputException e) {
            if ("url".equals(e.field())) {
                throw new CommandLine.ParameterException(commandLine, "--db: " + e.getMessage()
                        + " (expected e.g. sqlite:./agent.db)", e, null, url);
            }
            throw e;
        }
    }

    /**
     * @param url a database URL
     * @return the database file of a {@code sqlite:} or {@code jdbc:sqlite:} URL, or empty for other
     *         backends and in-memory databases
     */
    public static Optional<Path> sqliteFile(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        String rest;
        if (lower.startsWith("jdbc:sqlite:")) {
            rest = url.substring("jdbc:sqlite:".length());
        } else if (lower.startsWith("sqlite:")) {
            rest = url.substring("sqlite:".length());
        } else {
            return Optional.empty();
        }
        int q = rest.indexOf('?');
        if (q >= 0) {
            rest = rest.substring(0, q);
        }
        if (rest.startsWith("file:")) {
            rest = rest.substring("file:".length());
        }
        if (rest.startsWith("//")) {
            rest = rest.substring(2);
        }
        if (rest.isEmpty() || rest.contains(":memory:") || rest.startsWith("memory:")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(rest));
    }

    /**
     * @param db the database file
     * @return bytes of the file plus its {@code -wal} and {@code -shm} companions, or -1 when absent
     */
    public static long sqliteBytes(Path db) {
        if (!Files.isRegularFile(db)) {
            return -1;
        }
        long total = 0;
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Path p = Path.of(db + suffix);
            try {
                if (Files.isRegularFile(p)) {
                    total += Files.size(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return total;
    }
}
