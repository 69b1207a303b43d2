-- AgentDB schema v2 for MySQL and MariaDB: which index serves each collection. 'agentdb-hnsw' is the
-- in-house HNSW index (the graph tables of V1); 'mariadb-vector' is MariaDB 11.7+'s own VECTOR INDEX
-- on a VECTOR(n) column, built with M = native_m (NULL otherwise). Collections created before this
-- version keep the in-house index.
ALTER TABLE agentdb_collections
    ADD COLUMN index_implementation VARCHAR(32) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL DEFAULT 'agentdb-hnsw',
    ADD COLUMN native_m INT NULL;
