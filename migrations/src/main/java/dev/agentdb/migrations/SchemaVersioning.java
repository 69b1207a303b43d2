package dev.agentdb.migrations;

import dev.agentdb.ConflictException;

/**
 * A backend's versioned AgentDB schema: the fixed tables (registry, state stores, graph tables)
 * that its scripts ({@link SchemaScripts}) create and change, one version per script. JDBC adapters
 * implement it with Flyway ({@link FlywayVersioning}); backends without JDBC (Cloudflare D1 over
 * HTTP, MongoDB) with the Flyway-compatible {@link ScriptedVersioning}. Per-collection tables are
 * the adapters' own, created at run time, and not versioned here.
 *
 * <p>A database whose stored version is higher than {@link #latestVersion()} was written by a newer
 * AgentDB: it is refused with a {@link ConflictException} and left untouched.
 */
public interface SchemaVersioning {

    /** @return the highest version this library's scripts reach, 1 or more */
    int latestVersion();

    /**
     * @return the version stored in the database, 0 when it was never migrated
     * @throws dev.agentdb.BackendUnavailableException when the database cannot be reached
     */
    int currentVersion();

    /**
     * Applies every script above the stored version, in order (idempotent: an up-to-date schema is
     * left alone).
     *
     * @return the version after migrating
     * @throws ConflictException when the stored version is newer than {@link #latestVersion()}
     * @throws dev.agentdb.BackendUnavailableException when the database cannot be reached or a script fails
     */
    int migrate();

    /**
     * Refuses a database written by a newer library without changing anything.
     *
     * @param storedVersion the version stored in the database
     * @param latestVersion the highest version this library knows
     * @throws ConflictException "database schema version N is newer than this library supports (M); upgrade AgentDB"
     */
    static void refuseNewer(int storedVersion, int latestVersion) {
        if (storedVersion > latestVersion) {
            throw new ConflictException("database schema version " + storedVersion + " is newer than this library supports ("
                    + latestVersion + "); upgrade AgentDB");
        }
    }
}
