-- AgentDB schema v2 for PostgreSQL: IVFFlat collections keep their default number of probed lists
-- (pgvector's ivfflat.probes) next to their number of lists. Both are NULL for HNSW and FLAT
-- collections, set for IVFFLAT ones.
ALTER TABLE agentdb_collections ADD COLUMN probes integer;

ALTER TABLE agentdb_collections ADD CONSTRAINT agentdb_collections_ivfflat_params
    CHECK (index_type <> 'IVFFLAT' OR (lists BETWEEN 1 AND 32768 AND probes BETWEEN 1 AND lists));
