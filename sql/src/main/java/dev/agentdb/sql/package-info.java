/**
 * The SQL layer shared by AgentDB's SQL adapters (SQLite, PostgreSQL, MySQL/MariaDB over JDBC;
 * Cloudflare D1 over HTTP): the portable filter's translation walk ({@link dev.agentdb.sql.SqlFilterTranslator},
 * {@link dev.agentdb.sql.SqlFragment}), the dialect facts ({@link dev.agentdb.sql.SqlDialect}), a
 * driver-free way to run statements ({@link dev.agentdb.sql.SqlExecutor}, {@link dev.agentdb.sql.SqlRow}),
 * record row mapping ({@link dev.agentdb.sql.RecordMapper}), and the collection registry and
 * state-store SQL ({@link dev.agentdb.sql.CollectionRegistry}, {@link dev.agentdb.sql.StateTables}),
 * written once against the executor and the dialect.
 *
 * <p>For adapter authors, not applications. Types marked {@link dev.agentdb.Beta} may change in any
 * release while the next adapters land. JDBC specifics live in {@link dev.agentdb.sql.jdbc}.
 */
package dev.agentdb.sql;
