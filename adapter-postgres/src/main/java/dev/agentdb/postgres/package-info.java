/**
 * The PostgreSQL + pgvector adapter: {@link dev.agentdb.postgres.PostgresAdapter}, its
 * {@link dev.agentdb.postgres.PostgresAdapterProvider} and the jsonb
 * {@link dev.agentdb.postgres.PostgresFilterTranslator}.
 */
package dev.agentdb.postgres;
