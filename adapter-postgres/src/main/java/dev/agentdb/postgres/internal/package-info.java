/**
 * Internals of the PostgreSQL adapter, one class per concern: {@code PostgresSetup} (driver
 * properties, pgvector and schema checks, the HikariCP pool), {@code PostgresErrors} (SQLStates to
 * AgentDB exceptions), {@code PostgresDdl} (collection tables, pgvector indexes, advisory locks),
 * {@code PostgresCollections} (the shared registry kept in step with the DDL), {@code PostgresBulkLoad}
 * (binary COPY), {@code PostgresRecords} (upsert, get, delete, count, scan), {@code PostgresSearch}
 * (index, iterative and exact search, JVM re-scoring), and the encodings {@code PgCopy},
 * {@code PgJson}, {@code PgVectors}, {@code PgSql}, {@code PostgresUrl}. They run on the shared
 * {@code agentdb-sql} layer. Not API: may change in any release.
 */
package dev.agentdb.postgres.internal;
