/**
 * The SQLite adapter, AgentDB's reference adapter and embedded default: {@link dev.agentdb.sqlite.SqliteAdapter}
 * (opened by {@link dev.agentdb.sqlite.SqliteAdapterProvider} for {@code sqlite:} and {@code jdbc:sqlite:}
 * URLs), its filter translator {@link dev.agentdb.sqlite.SqliteFilterTranslator}, and the deprecated
 * v1 entry point {@link dev.agentdb.sqlite.SQLiteVectorDB}.
 *
 * <p>File layout (schema version 1): one table per collection in the AgentDB v1 shape (the default
 * collection is the v1 {@code vectors} table itself), the registry {@code agentdb_collections}, the
 * version table {@code agentdb_schema}, the side table {@code agentdb_vectors_ext} (text and
 * millisecond timestamps of rows AgentDB writes into {@code vectors}), and the HNSW graph tables
 * {@code hnsw_metadata}, {@code hnsw_graph}, {@code hnsw_tombstones}.
 */
package dev.agentdb.sqlite;
