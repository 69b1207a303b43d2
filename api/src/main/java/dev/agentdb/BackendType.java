package dev.agentdb;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one identity of a database family: what an adapter talks to ({@link AgentDB#backendType()},
 * {@code DatabaseAdapter.backendType()}, {@code AdapterProvider.backendType()}), the name messages,
 * health probes, {@code stats} and the CLI show. The families AgentDB ships adapters for (or plans
 * to) are constants; a third-party adapter names its own with {@link #of(String)}.
 *
 * @param name the lower-case name, e.g. {@code "sqlite"}: a letter, then up to 31 letters, digits,
 *             {@code _} or {@code -}
 */
public record BackendType(String name) {
    // first: the constants below are checked against it as they are made
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_\\-]{0,31}");

    /** Embedded SQLite file or in-memory database; the reference adapter. */
    public static final BackendType SQLITE = new BackendType("sqlite");
    /** PostgreSQL with the pgvector extension. */
    public static final BackendType POSTGRES = new BackendType("postgres");
    /** MySQL 8/9 and MariaDB. */
    public static final BackendType MYSQL = new BackendType("mysql");
    /** MongoDB. */
    public static final BackendType MONGODB = new BackendType("mongodb");
    /** Cloudflare D1 over its REST API. */
    public static final BackendType D1 = new BackendType("d1");

    private static final Map<String, BackendType> KNOWN = Map.of(SQLITE.name, SQLITE, POSTGRES.name, POSTGRES, MYSQL.name, MYSQL,
            MONGODB.name, MONGODB, D1.name, D1);

    /**
     * @param name the lower-case name (see the record comment)
     * @throws InvalidInputException naming {@code backend} when the name is malformed
     */
    public BackendType {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException("backend", "'" + name + "' is not a backend name: expected " + NAME.pattern());
        }
    }

    /**
     * @param name a backend name, e.g. {@code "sqlite"} or a third party's own
     * @return the constant of that name, or a new identity for another family
     * @throws InvalidInputException naming {@code backend} when the name is malformed
     */
    public static BackendType of(String name) {
        BackendType known = name == null ? null : KNOWN.get(name);
        return known != null ? known : new BackendType(name);
    }

    /** @return the name */
    @Override
    public String toString() {
        return name;
    }
}
