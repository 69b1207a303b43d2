-- AgentDB schema v1 for PostgreSQL. Applied by Flyway with search_path set to the AgentDB schema,
-- so names are unqualified. Per-collection tables (one per collection, pgvector column) are created
-- by the adapter at run time, not here.

-- One row per collection: its spec. dimension 0 = the default collection "vectors" before its first
-- insert fixes the dimension.
CREATE TABLE agentdb_collections (
    name            text COLLATE "C" PRIMARY KEY,
    dimension       integer NOT NULL CHECK (dimension >= 0),
    metric          text    NOT NULL CHECK (metric IN ('cosine', 'l2', 'inner_product')),
    index_type      text    NOT NULL CHECK (index_type IN ('HNSW', 'FLAT', 'IVFFLAT')),
    m               integer NOT NULL,
    ef_construction integer NOT NULL,
    ef_search       integer NOT NULL,
    lists           integer,
    created_at      bigint  NOT NULL
);

-- Free-form facts about this AgentDB schema (e.g. who created it), for diagnostics.
CREATE TABLE agentdb_meta (
    key   text COLLATE "C" PRIMARY KEY,
    value text NOT NULL
);
