package dev.agentdb.sql;

import dev.agentdb.CollectionSpec;
import dev.agentdb.IndexParams;
import dev.agentdb.Metric;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CollectionRegistryTest {

    @Test
    void should_render_postgres_registry_statements_schema_qualified_with_ivfflat_columns() throws SQLException {
        CollectionRegistry registry = new CollectionRegistry(SqlDialect.POSTGRES, "agent", CollectionRegistry.Layout.WITH_IVFFLAT);
        RecordingExecutor x = new RecordingExecutor();
        registry.insert(x, "docs", new CollectionSpec(3, Metric.L2, IndexParams.ivfflat(50, 5)), 1234L);
        registry.find(x, "docs");
        registry.updateIndex(x, "docs", IndexParams.DEFAULT);

        assertThat(x.calls.get(0).sql()).isEqualTo("INSERT INTO \"agent\".\"agentdb_collections\" (\"name\", \"dimension\", "
                + "\"metric\", \"index_type\", \"m\", \"ef_construction\", \"ef_search\", \"lists\", \"probes\", \"created_at\")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        assertThat(x.calls.get(0).params()).containsExactly("docs", 3, "l2", "IVFFLAT", 16, 100, 64, 50, 5, 1234L);
        assertThat(x.calls.get(1).sql()).isEqualTo("SELECT \"dimension\", \"metric\", \"index_type\", \"m\", \"ef_construction\","
                + " \"ef_search\", \"lists\", \"probes\", \"name\" FROM \"agent\".\"agentdb_collections\" WHERE \"name\" = ?");
        assertThat(x.calls.get(2).sql()).isEqualTo("UPDATE \"agent\".\"agentdb_collections\" SET \"index_type\" = ?, \"m\" = ?,"
                + " \"ef_construction\" = ?, \"ef_search\" = ?, \"lists\" = ?, \"probes\" = ? WHERE \"name\" = ?");
        assertThat(x.calls.get(2).params()).isEqualTo(Arrays.asList("HNSW", 16, 100, 64, null, null, "docs"));
    }

    @Test
    void should_render_sqlite_registry_statements_unqualified_with_lower_case_index_types_and_no_ivfflat_columns()
            throws SQLException {
        CollectionRegistry registry = new CollectionRegistry(SqlDialect.SQLITE, null, CollectionRegistry.Layout.HNSW_ONLY);
        RecordingExecutor x = new RecordingExecutor();
        registry.insert(x, "docs", new CollectionSpec(3, Metric.COSINE, IndexParams.flat()), 99L);
        registry.list(x);
        registry.setDimension(x, "vectors", 384);
        registry.delete(x, "docs");

        assertThat(x.calls.get(0).sql()).isEqualTo("INSERT INTO \"agentdb_collections\" (\"name\", \"dimension\", \"metric\","
                + " \"index_type\", \"m\", \"ef_construction\", \"ef_search\", \"created_at\") VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        assertThat(x.calls.get(0).params().get(3)).isEqualTo("flat");
        assertThat(x.calls.get(1).sql()).isEqualTo("SELECT \"dimension\", \"metric\", \"index_type\", \"m\", \"ef_construction\","
                + " \"ef_search\", \"name\" FROM \"agentdb_collections\" ORDER BY \"name\"");
        assertThat(x.calls.get(2)).isEqualTo(new RecordingExecutor.Call(
                "UPDATE \"agentdb_collections\" SET \"dimension\" = ? WHERE \"name\" = ?", List.of(384, "vectors")));
        assertThat(x.calls.get(3)).isEqualTo(new RecordingExecutor.Call(
                "DELETE FROM \"agentdb_collections\" WHERE \"name\" = ?", List.of("docs")));
    }

    @Test
    void should_quote_mysql_registry_identifiers_with_backticks() throws SQLException {
        RecordingExecutor x = new RecordingExecutor();
        new CollectionRegistry(SqlDialect.MYSQL, null, CollectionRegistry.Layout.WITH_IVFFLAT).delete(x, "docs");
        assertThat(x.calls.get(0).sql()).isEqualTo("DELETE FROM `agentdb_collections` WHERE `name` = ?");
    }
}
