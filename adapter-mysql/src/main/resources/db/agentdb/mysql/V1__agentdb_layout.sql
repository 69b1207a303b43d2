-- AgentDB schema v1 for MySQL 8.0.17+ and MariaDB 10.6+, applied by Flyway in the URL's database.
-- Per-collection tables are created by the adapter at run time (MysqlTable), not here. Every text
-- key is utf8mb4 with a binary collation; the names and keys stored here are validated identifiers
-- (no trailing spaces), so utf8mb4_bin's space padding cannot make two of them equal.

-- One row per collection: its spec. dimension 0 = the default collection "vectors" before its first
-- insert fixes the dimension. lists/probes are NULL unless index_type is IVFFLAT (no such index here).
CREATE TABLE agentdb_collections (
    name            VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
    dimension       INT          NOT NULL,
    metric          VARCHAR(16)  NOT NULL,
    index_type      VARCHAR(16)  NOT NULL,
    m               INT          NOT NULL,
    ef_construction INT          NOT NULL,
    ef_search       INT          NOT NULL,
    lists           INT          NULL,
    probes          INT          NULL,
    created_at      BIGINT       NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The state stores (StateStore): free-form facts, and the checkpoints of `agentdb migrate`.
CREATE TABLE agentdb_meta (
    `key`   VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
    `value` LONGTEXT     CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE agentdb_migration_checkpoints (
    `key`   VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
    `value` LONGTEXT     CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The in-house HNSW graph of each collection (the shared index engine's GraphStorage): its header
-- (format version, build parameters, entry point) and one row per node, written in the transaction
-- that writes the collection's rows.
CREATE TABLE agentdb_hnsw_header (
    collection VARCHAR(64)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    `key`      VARCHAR(64)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    `value`    VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    PRIMARY KEY (collection, `key`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE agentdb_hnsw_nodes (
    collection VARCHAR(64)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    node       INT          NOT NULL,
    id         VARCHAR(512) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    level      INT          NOT NULL,
    deleted    TINYINT      NOT NULL,
    neighbors  MEDIUMBLOB   NOT NULL,
    tombstone  MEDIUMBLOB   NULL,
    PRIMARY KEY (collection, node)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One row per collection, its write version: every write transaction locks it first (SELECT ... FOR
-- UPDATE, so writers of a collection queue up, in every process) and increments it; an adapter whose
-- in-memory graph was loaded at an older version reloads it before using it.
CREATE TABLE agentdb_index_versions (
    collection VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
    version    BIGINT      NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
