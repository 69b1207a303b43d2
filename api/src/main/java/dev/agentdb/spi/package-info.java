/**
 * The backend SPI: what an adapter implements ({@link dev.agentdb.spi.DatabaseAdapter} and its
 * {@code do*} hooks, an {@link dev.agentdb.spi.AdapterProvider} found by {@link java.util.ServiceLoader})
 * and declares ({@link dev.agentdb.spi.Capability}, {@link dev.agentdb.spi.StateStore}). Applications
 * use {@link dev.agentdb.AgentDB} instead.
 *
 * <p>{@link dev.agentdb.Beta}: the SPI may still change, in any release, until four adapters
 * (SQLite, PostgreSQL, MySQL/MariaDB and one more) have been written against it; the compatibility
 * kit ({@code agentdb-compat-tests}) is what an adapter is held to meanwhile.
 */
@dev.agentdb.Beta
package dev.agentdb.spi;
