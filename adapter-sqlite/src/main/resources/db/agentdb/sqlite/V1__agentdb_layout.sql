-- AgentDB SQLite layout 1 (release 0.1.0). A file whose agentdb_schema row says 1 but that has no
-- history table yet was written by that release: it is baselined at 1 and this script is skipped.
-- Collection tables are created at run time; the state stores (agentdb_meta,
-- agentdb_migration_checkpoints) by their first write.
CREATE TABLE IF NOT EXISTS agentdb_schema (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS agentdb_collections (name TEXT PRIMARY KEY, dimension INTEGER NOT NULL, metric TEXT NOT NULL,
    index_type TEXT NOT NULL, m INTEGER NOT NULL, ef_construction INTEGER NOT NULL, ef_search INTEGER NOT NULL,
    created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS agentdb_vectors_ext (id TEXT PRIMARY KEY, timestamp INTEGER, text TEXT);
CREATE TABLE IF NOT EXISTS hnsw_metadata (collection TEXT NOT NULL, key TEXT NOT NULL, value TEXT,
    PRIMARY KEY (collection, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS hnsw_nodes (collection TEXT NOT NULL, node INTEGER NOT NULL, id TEXT NOT NULL,
    level INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, vector BLOB, PRIMARY KEY (collection, node));
CREATE TABLE IF NOT EXISTS hnsw_edges (collection TEXT NOT NULL, node INTEGER NOT NULL, neighbors BLOB NOT NULL,
    PRIMARY KEY (collection, node));
DELETE FROM agentdb_schema;
INSERT INTO agentdb_schema (version) VALUES (1);
