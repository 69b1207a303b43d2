-- AgentDB SQLite layout 2: each graph in one clustered row per node (one B-tree write per changed
-- node, one ordered read to load), tombstones' vectors apart so that node rows stay small. Every
-- node of layout 1 is kept (a node without its edge row, which a damaged file could hold, is
-- dropped: its graph then reads as stale and is rebuilt from the rows on first use).
CREATE TABLE hnsw_graph (collection TEXT NOT NULL, node INTEGER NOT NULL, id TEXT NOT NULL, level INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0, neighbors BLOB NOT NULL, PRIMARY KEY (collection, node)) WITHOUT ROWID;
CREATE TABLE hnsw_tombstones (collection TEXT NOT NULL, node INTEGER NOT NULL, vector BLOB NOT NULL,
    PRIMARY KEY (collection, node)) WITHOUT ROWID;
INSERT INTO hnsw_graph (collection, node, id, level, deleted, neighbors)
    SELECT n.collection, n.node, n.id, n.level, n.deleted, e.neighbors
    FROM hnsw_nodes n JOIN hnsw_edges e ON e.collection = n.collection AND e.node = n.node;
INSERT INTO hnsw_tombstones (collection, node, vector)
    SELECT collection, node, vector FROM hnsw_nodes WHERE deleted <> 0 AND vector IS NOT NULL;
DROP TABLE hnsw_nodes;
DROP TABLE hnsw_edges;
-- the marker that releases before the history table read (0.1.0 refuses a file above its version 1)
UPDATE agentdb_schema SET version = 2;
