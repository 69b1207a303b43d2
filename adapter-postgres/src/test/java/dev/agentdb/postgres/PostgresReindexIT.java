package dev.agentdb.postgres;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionSpec;
import dev.agentdb.IndexParams;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Metric;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.compat.TestVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** reindex on pgvector: the vector index DDL after each change, the registry row, and refusals that change nothing. */
class PostgresReindexIT {
    @RegisterExtension
    static final PostgresTestSupport SUPPORT = new PostgresTestSupport();

    /** @return the definitions of the collection table's pgvector indexes (the GIN metadata index left out) */
    private static List<Object> vectorIndexes(AgentDB db, String table) {
        List<Object> out = new ArrayList<>();
        db.executeRaw("SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ?"
                + " AND (indexdef LIKE '%USING hnsw%' OR indexdef LIKE '%USING ivfflat%') ORDER BY indexname", table)
                .forEach(row -> out.add(row.get("indexdef")));
        return out;
    }

    @Test
    void should_replace_the_vector_index_and_the_registry_row_on_each_reindex() {
        try (AgentDB db = AgentDB.open(SUPPORT.newSchemaUrl())) {
            VectorCollection c = db.createCollection("docs", CollectionSpec.of(8, Metric.L2));
            float[][] vectors = TestVectors.uniform(200, 8, 5);
            List<VectorRecord> records = new ArrayList<>();
            for (int i = 0; i < vectors.length; i++) {
                records.add(VectorRecord.of(TestVectors.id(i, 4), vectors[i], Map.of("i", i)));
            }
            c.insertBatch(records);
            assertThat(vectorIndexes(db, "docs")).singleElement().asString().contains("USING hnsw", "m='16'", "ef_construction='100'");
            Object sessionMemory = db.executeRaw("SELECT current_setting('maintenance_work_mem') AS mem").get(0).get("mem");

            c.reindex(IndexParams.hnsw(32, 200, 40));
            assertThat(vectorIndexes(db, "docs")).singleElement().asString().contains("vector_l2_ops", "m='32'", "ef_construction='200'");

            c.reindex(IndexParams.ivfflat(5, 2));
            assertThat(vectorIndexes(db, "docs")).singleElement().asString().contains("USING ivfflat", "lists='5'");
            assertThat(db.executeRaw("SELECT index_type, lists, probes FROM agentdb_collections WHERE name = 'docs'").get(0))
                    .containsEntry("index_type", "IVFFLAT").containsEntry("lists", 5).containsEntry("probes", 2);

            c.reindex(IndexParams.flat());
            assertThat(vectorIndexes(db, "docs")).isEmpty();
            assertThat(db.executeRaw("SELECT index_type, lists, probes FROM agentdb_collections WHERE name = 'docs'").get(0))
                    .containsEntry("index_type", "FLAT").containsEntry("lists", null).containsEntry("probes", null);
            assertThat(db.executeRaw("SELECT current_setting('maintenance_work_mem') AS mem").get(0).get("mem"))
                    .as("the build's maintenance_work_mem does not outlive its transaction")
                    .isEqualTo(sessionMemory);
            assertThat(c.count()).isEqualTo(200);
        }
    }

    @Test
    void should_refuse_an_hnsw_index_above_the_halfvec_limit_and_keep_the_flat_collection() {
        int dimension = PostgresAdapter.MAX_HALFVEC_INDEX_DIMENSION + 1;
        try (AgentDB db = AgentDB.open(SUPPORT.newSchemaUrl())) {
            VectorCollection c = db.createCollection("wide", new CollectionSpec(dimension, Metric.COSINE, IndexParams.flat()));
            c.insert(VectorRecord.of("a", new float[dimension], null));

            assertThatThrownBy(() -> c.reindex(IndexParams.DEFAULT)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("dimension").hasMessageContaining(String.valueOf(PostgresAdapter.MAX_HALFVEC_INDEX_DIMENSION));

            assertThat(c.spec().index()).isEqualTo(IndexParams.flat());
            assertThat(vectorIndexes(db, "wide")).isEmpty();
            assertThat(c.count()).isEqualTo(1);
        }
    }
}
