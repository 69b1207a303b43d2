/**
 * Versioned AgentDB schemas, one set of scripts per backend, shipped by each adapter in its own
 * jar ({@code db/agentdb/<backend>/V<n>__<description>.sql}, listed by a
 * {@link dev.agentdb.migrations.SchemaScripts}). {@link dev.agentdb.migrations.SchemaVersioning} is
 * what an adapter implements: with Flyway for JDBC databases
 * ({@link dev.agentdb.migrations.FlywayVersioning}), with the driver-free, Flyway-compatible runner
 * {@link dev.agentdb.migrations.ScriptedVersioning} for the others. A database written by a newer
 * library is refused, untouched.
 */
package dev.agentdb.migrations;
