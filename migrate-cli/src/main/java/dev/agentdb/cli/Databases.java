package dev.agentdb.cli;

import dev.agentdb.AgentDB;
import dev.agentdb.InvalidInputException;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** Opening databases from {@code --db} URLs, and locating the file behind a {@code sqlite:} URL. */
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
        try {
            return AgentDB.open(url);
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
