package dev.agentdb.migrations;

import java.util.Locale;

/**
 * The SQL dialects that have a versioned AgentDB schema. Each dialect keeps its scripts under
 * {@code db/agentdb/<dir>/V<n>__<description>.sql} on the class path and declares the highest
 * version those scripts reach, so that a database written by a newer library is recognised without
 * touching it.
 *
 * <p>Adding a dialect (SQLite, MySQL, ...) means adding a constant, its script folder and, for
 * Flyway, its {@code flyway-database-*} module; {@link SchemaMigrator} needs no change.
 */
public enum Dialect {
    /**
     * PostgreSQL 13+ (with pgvector, created by the adapter). Scripts in {@code db/agentdb/postgres}:
     * V1 the registry, V2 its IVFFlat {@code probes} column, V3 the table of migration checkpoints.
     */
    POSTGRES("postgres", 3);

    private final String directory;
    private final int latestVersion;

    Dialect(String directory, int latestVersion) {
        this.directory = directory;
        this.latestVersion = latestVersion;
    }

    /** @return the script folder name under {@code db/agentdb/}, e.g. {@code "postgres"} */
    public String directory() {
        return directory;
    }

    /** @return the Flyway location of this dialect's scripts, e.g. {@code classpath:db/agentdb/postgres} */
    public String location() {
        return "classpath:db/agentdb/" + directory;
    }

    /** @return the highest schema version this library's scripts reach for this dialect (at least 1) */
    public int latestVersion() {
        return latestVersion;
    }

    /**
     * @param name a dialect name such as {@code "postgres"} or {@code "postgresql"}, case-insensitive
     * @return the dialect
     * @throws dev.agentdb.InvalidInputException naming {@code dialect} when no dialect has that name
     */
    public static Dialect fromString(String name) {
        if (name != null) {
            switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "postgres": case "postgresql": case "pg": return POSTGRES;
                default: break;
            }
        }
        throw new dev.agentdb.InvalidInputException("dialect", "unknown dialect '" + name + "'; expected postgres");
    }
}
