package dev.agentdb.sqlite.internal;

import dev.agentdb.AgentDBConfig;
import dev.agentdb.InvalidInputException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A parsed SQLite URL: {@code sqlite:./agent.db}, {@code sqlite:/abs/path.db}, {@code sqlite::memory:},
 * a SQLite {@code file:} URI ({@code sqlite:file:/abs/path.db?cache=shared}), or the same after a
 * {@code jdbc:} prefix ({@code jdbc:sqlite:...}). Not API.
 *
 * <p>A file path takes two query parameters, parsed here (the driver would otherwise take
 * {@code ?mode=ro} as part of the file name):
 * <ul>
 *   <li>{@code mode}: {@code rwc} (default: read-write, the file created when missing), {@code rw}
 *       (read-write, the file must exist and is never created) or {@code ro} (read-only, must exist);
 *       the same values as SQLite's URI parameter;</li>
 *   <li>{@code immutable=1}: read-only, and SQLite assumes nothing changes the file while it is open
 *       (no locks, no {@code -wal} or {@code -shm} files: the way to read a WAL file on a read-only
 *       filesystem; wrong answers if something does write it).</li>
 * </ul>
 * Any other parameter is refused. A {@code file:} URI keeps its own parameters for SQLite (those two
 * are checked the same way, and {@code mode=memory} makes it an in-memory database).
 *
 * @param target what follows the {@code sqlite:} prefix without the parameters above for a file
 *               path: the path, {@code :memory:}, or the whole SQLite {@code file:} URI
 * @param memory whether the database lives in memory (no file, not durable)
 * @param mode how the file is opened; {@link Mode#READ_WRITE_CREATE} unless the URL says otherwise
 * @param immutable whether {@code immutable=1} was given (implies read-only)
 */
public record SqliteUrl(String target, boolean memory, Mode mode, boolean immutable) {

    /** The in-memory target. */
    public static final String MEMORY = ":memory:";

    /** How a SQLite file is opened: the values of the URL's {@code mode} parameter. */
    public enum Mode {
        /** {@code ro}: read-only; the file must exist. */
        READ_ONLY("ro"),
        /** {@code rw}: read-write; the file must exist and is never created. */
        READ_WRITE("rw"),
        /** {@code rwc}: read-write, the file created when missing (the default). */
        READ_WRITE_CREATE("rwc");

        private final String wireName;

        Mode(String wireName) {
            this.wireName = wireName;
        }

        /** @return the URL value, e.g. {@code "ro"} */
        public String wireName() {
            return wireName;
        }
    }

    private static final List<String> MODES = List.of("ro", "rw", "rwc");
    private static final List<String> TRUE = List.of("1", "yes", "true", "on");
    private static final List<String> FALSE = List.of("0", "no", "false", "off");

    /**
     * A URL with the default mode ({@link Mode#READ_WRITE_CREATE}), not immutable.
     *
     * @param target the path, {@code :memory:} or a {@code file:} URI
     * @param memory whether the database lives in memory
     */
    public SqliteUrl(String target, boolean memory) {
        this(target, memory, Mode.READ_WRITE_CREATE, false);
    }

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
     * @throws InvalidInputException naming {@code url} when it is not a SQLite URL, names no file, or
     *         has a parameter other than {@code mode} and {@code immutable} (on a file path) or a value
     *         of them that SQLite does not know; the message lists the allowed values
     */
    public static SqliteUrl parse(String url) {
        if (!isSqlite(url)) {
            throw new InvalidInputException("url", "'" + AgentDBConfig.redact(url) + "' is not a SQLite URL; expected sqlite:./agent.db or sqlite::memory:");
        }
        String rest = url.substring(url.toLowerCase(Locale.ROOT).startsWith("jdbc:") ? "jdbc:sqlite:".length() : "sqlite:".length());
        if (rest.startsWith("//")) {
            rest = rest.substring(2); // tolerate sqlite://./agent.db and sqlite:///abs/path.db
        }
        boolean uri = rest.regionMatches(true, 0, "file:", 0, 5);
        int q = rest.indexOf('?');
        String path = q < 0 ? rest : rest.substring(0, q);
        String query = q < 0 ? "" : rest.substring(q + 1);
        if (uri && query.indexOf('#') >= 0) {
            query = query.substring(0, query.indexOf('#'));
        }
        if (path.isEmpty() || (uri && path.length() == 5)) {
            throw new InvalidInputException("url", "'" + url + "' names no database; expected sqlite:./agent.db or sqlite::memory:");
        }
        Mode mode = Mode.READ_WRITE_CREATE;
        boolean immutable = false;
        boolean memory = path.equals(MEMORY) || (uri && path.substring(5).equals(MEMORY));
        for (String pair : query.isEmpty() ? new String[0] : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            switch (key) {
                case "mode":
                    if (uri && value.equals("memory")) {
                        memory = true;
                    } else if (MODES.contains(value)) {
                        mode = Arrays.stream(Mode.values()).filter(m -> m.wireName().equals(value)).findFirst().orElseThrow();
                    } else {
                        throw new InvalidInputException("url", "'" + url + "': mode '" + value + "' is not a SQLite open mode; expected"
                                + " mode=ro (read-only, the file must exist), mode=rw (read-write, must exist) or mode=rwc"
                                + " (read-write, created when missing: the default)" + (uri ? ", or mode=memory" : ""));
                    }
                    break;
                case "immutable":
                    if (TRUE.contains(value.toLowerCase(Locale.ROOT))) {
                        immutable = true;
                    } else if (!FALSE.contains(value.toLowerCase(Locale.ROOT))) {
                        throw new InvalidInputException("url", "'" + url + "': immutable '" + value + "' is not a boolean; expected"
                                + " immutable=1 (read-only, nothing may change the file while it is open) or immutable=0");
                    }
                    break;
                default:
                    if (!uri) {
                        throw new InvalidInputException("url", "'" + url + "': unknown parameter '" + key + "'; a SQLite file URL"
                                + " takes mode=ro|rw|rwc and immutable=1 (e.g. sqlite:./agent.db?mode=ro), and a SQLite file: URI"
                                + " (sqlite:file:./agent.db?cache=shared) passes others to SQLite");
                    }
            }
        }
        return new SqliteUrl(uri ? rest : path, memory, mode, immutable);
    }

    /** @return whether the URL itself asks for read-only access ({@code mode=ro} or {@code immutable=1}) */
    public boolean readOnly() {
        return mode == Mode.READ_ONLY || immutable;
    }

    /** @return whether the file must exist: {@code mode=ro}, {@code mode=rw} or {@code immutable=1} (never for memory) */
    public boolean mustExist() {
        return !memory && (mode != Mode.READ_WRITE_CREATE || immutable);
    }

    /** @return whether the target is a SQLite {@code file:} URI */
    public boolean isUri() {
        return target.regionMatches(true, 0, "file:", 0, 5);
    }

    /**
     * @return the database file (as written, relative paths not resolved), or empty in memory; for a
     *         {@code file:} URI its path, percent-decoded
     */
    public Optional<Path> file() {
        if (memory) {
            return Optional.empty();
        }
        if (!isUri()) {
            return Optional.of(Path.of(target));
        }
        int q = target.indexOf('?');
        String path = (q < 0 ? target : target.substring(0, q)).substring(5);
        if (path.startsWith("//")) {
            int slash = path.indexOf('/', 2);
            path = slash < 0 ? "" : path.substring(slash); // file://localhost/abs or file:///abs
        }
        return Optional.of(Path.of(URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8)));
    }

    /** @return the JDBC URL for the xerial driver, read-only as {@link #readOnly()} says */
    public String jdbcUrl() {
        return jdbcUrl(readOnly());
    }

    /**
     * @param readOnly whether the connection is opened read-only (the URL's own wish, or the
     *                 configuration's); a {@code file:} URI's {@code mode=rw}/{@code rwc} then becomes
     *                 {@code ro}, which SQLite requires of a read-only open
     * @return the JDBC URL for the xerial driver; the open flags (read-only, no create) are set apart
     */
    public String jdbcUrl(boolean readOnly) {
        if (isUri()) {
            if (!readOnly || target.indexOf('?') < 0) {
                return "jdbc:sqlite:" + target;
            }
            int q = target.indexOf('?');
            List<String> pairs = new ArrayList<>();
            for (String pair : target.substring(q + 1).split("&")) {
                pairs.add(pair.equals("mode=rw") || pair.equals("mode=rwc") ? "mode=ro" : pair);
            }
            return "jdbc:sqlite:" + target.substring(0, q) + "?" + String.join("&", pairs);
        }
        if (immutable) {
            return "jdbc:sqlite:" + Path.of(target).toAbsolutePath().toUri() + "?immutable=1";
        }
        return "jdbc:sqlite:" + target;
    }
}
