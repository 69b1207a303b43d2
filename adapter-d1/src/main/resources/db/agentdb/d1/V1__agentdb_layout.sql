-- AgentDB D1 layout 1: SQLite's layout 2 (D1 speaks SQLite) without what D1 forbids or does not need (no
-- PRAGMA, no v1 adoption tables), plus the write guard of the REST API's batches. Collection tables are
-- created at run time: (id TEXT PRIMARY KEY, embedding BLOB NOT NULL, metadata TEXT, norm REAL,
-- timestamp INTEGER, text TEXT). Every statement is re-runnable (IF NOT EXISTS), and the script and its
-- history row are sent as one batch (one transaction).
CREATE TABLE IF NOT EXISTS agentdb_collections (name TEXT PRIMARY KEY, dimension INTEGER NOT NULL, metric TEXT NOT NULL,
    index_type TEXT NOT NULL, m INTEGER NOT NULL, ef_construction INTEGER NOT NULL, ef_search INTEGER NOT NULL,
    lists INTEGER, probes INTEGER, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS hnsw_metadata (collection TEXT NOT NULL, key TEXT NOT NULL, value TEXT,
    PRIMARY KEY (collection, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS hnsw_graph (collection TEXT NOT NULL, node INTEGER NOT NULL, id TEXT NOT NULL, level INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0, neighbors BLOB NOT NULL, PRIMARY KEY (collection, node)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS hnsw_tombstones (collection TEXT NOT NULL, node INTEGER NOT NULL, vector BLOB NOT NULL,
    PRIMARY KEY (collection, node)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS agentdb_index_versions (collection TEXT PRIMARY KEY, version INTEGER NOT NULL, writer TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS agentdb_write_guard (ok INTEGER, CONSTRAINT agentdb_write_guard CHECK (ok = 1));
CREATE TABLE IF NOT EXISTS agentdb_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS agentdb_migration_checkpoints (key TEXT PRIMARY KEY, value TEXT NOT NULL);
