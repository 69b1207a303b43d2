-- AgentDB schema v3 for PostgreSQL: the checkpoints of `agentdb migrate` get their own table (state
-- store MIGRATION_CHECKPOINTS), the same shape as agentdb_meta: one row per migrated collection.
-- Additive: a v2 schema upgrades in place; checkpoints an older tool left in agentdb_meta stay there.
CREATE TABLE agentdb_migration_checkpoints (
    key   text COLLATE "C" PRIMARY KEY,
    value text NOT NULL
);
