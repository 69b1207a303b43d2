/**
 * AgentDB's versioned schema per SQL dialect, applied with Flyway: {@link dev.agentdb.migrations.SchemaMigrator}
 * and {@link dev.agentdb.migrations.Dialect}. Scripts live in {@code db/agentdb/<dialect>/V<n>__*.sql}.
 */
package dev.agentdb.migrations;
