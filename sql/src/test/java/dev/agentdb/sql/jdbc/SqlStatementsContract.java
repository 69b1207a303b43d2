package dev.agentdb.sql.jdbc;

import dev.agentdb.CollectionInfo;
import dev.agentdb.CollectionSpec;
import dev.agentdb.IndexParams;
import dev.agentdb.Metric;
import dev.agentdb.VectorRecord;
import dev.agentdb.internal.VectorCodec;
import dev.agentdb.spi.StateStore;
import dev.agentdb.sql.CollectionRegistry;
import dev.agentdb.sql.RecordMapper;
import dev.agentdb.sql.SqlDialect;
import dev.agentdb.sql.SqlFragment;
import dev.agentdb.sql.StateTables;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SQL written once in the sql module, run on a real database by each subclass: the value
 * binder, the executor, record mapping, the collection registry and the state tables.
 */
abstract class SqlStatementsContract {
    protected Connection connection;
    protected JdbcExecutor sql;

    /** @return the database's dialect */
    protected abstract SqlDialect dialect();

    /** @return a new auto-commit connection on a fresh test database (registry and state tables created) */
    protected abstract Connection openFreshDatabase() throws SQLException;

    /** @return the registry's layout on this backend */
    protected abstract CollectionRegistry.Layout registryLayout();

    /** @return the state tables' creation mode on this backend */
    protected abstract StateTables.Creation stateCreation();

    /** @return the schema the test database uses, or null */
    protected abstract String schema();

    /** @return a query of one bound parameter that returns the database's name of the parameter's type */
    protected abstract String typeOfParameter();

    /** @return the type names {@link #typeOfParameter()} gives for String, Integer, Long, Double, BigDecimal, Boolean, byte[] */
    protected abstract List<String> boundTypes();

    @BeforeEach
    void open() throws SQLException {
        connection = openFreshDatabase();
        sql = JdbcExecutor.on(connection);
    }

    @AfterEach
    void closeConnection() throws SQLException {
        if (connection != null) { // null when the backend was skipped
            connection.close();
        }
    }

    @Test
    void should_bind_each_java_type_as_the_matching_sql_type() throws SQLException {
        List<Object> values = List.of("text", 7, 7L, 2.5, new BigDecimal("1.25"), true, new byte[] {1, 2});
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            assertThat(sql.queryFirst(typeOfParameter(), List.of(v), row -> row.text(1)))
                    .as("type of a bound %s", v.getClass().getSimpleName()).contains(boundTypes().get(i));
        }
        List<Object> nullValue = Arrays.asList((Object) null);
        assertThat(sql.query("SELECT ?", nullValue, row -> row.value(1))).containsExactly((Object) null);
    }

    @Test
    void should_read_back_bound_values_unchanged() throws SQLException {
        Object[] read = sql.queryFirst("SELECT ?, ?, ?, ?", List.of("é'\"; --", Long.MAX_VALUE, -0.1, new byte[] {0, -1, 127}),
                row -> new Object[] {row.text(1), row.int64(2), row.value(3), row.bytes(4)}).orElseThrow();
        assertThat(read[0]).isEqualTo("é'\"; --");
        assertThat(read[1]).isEqualTo(Long.MAX_VALUE);
        assertThat(((Number) read[2]).doubleValue()).isEqualTo(-0.1);
        assertThat((byte[]) read[3]).containsExactly(0, -1, 127);
    }

    @Test
    void should_return_query_rows_as_labelled_maps_and_nothing_for_other_statements() throws SQLException {
        assertThat(sql.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name " + dialect().longTextType() + ")", List.of())).isEmpty();
        assertThat(sql.execute("INSERT INTO t (id, name) VALUES (?, ?)", List.of(1, "one"))).isEmpty();
        List<Map<String, Object>> rows = sql.execute("SELECT name AS label, id FROM t WHERE id = ?", List.of(1));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).keySet()).containsExactly("label", "id");
        assertThat(rows.get(0).get("label")).isEqualTo("one");
        assertThat(((Number) rows.get(0).get("id")).intValue()).isEqualTo(1);
    }

    @Test
    void should_map_record_columns_to_a_vector_record() throws SQLException {
        String blob = dialect() == SqlDialect.POSTGRES ? "bytea" : "BLOB";
        sql.update("CREATE TABLE recs (id " + dialect().keyTextType() + " PRIMARY KEY, embedding " + blob + ", metadata "
                + dialect().longTextType() + ", text " + dialect().longTextType() + ", ts BIGINT)", List.of());
        float[] v = {0.5f, -1.25f, 3e-8f};
        sql.update("INSERT INTO recs VALUES (?, ?, ?, ?, ?)", List.of("r1", VectorCodec.encode(v), "{\"a\":{\"b\":[1,2.5]}}", "hello",
                1_700_000_000_123L));
        sql.update("INSERT INTO recs VALUES (?, ?, ?, ?, ?)", Arrays.asList("r2", null, null, null, null));
        List<VectorRecord> records = sql.query("SELECT id, embedding, metadata, text, ts FROM recs ORDER BY id", List.of(),
                new RecordMapper(RecordMapper.FLOAT32_LE_BYTES));

        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("b", List.of(1L, 2.5));
        assertThat(records.get(0)).isEqualTo(new VectorRecord("r1", v, Map.of("a", nested), "hello", 1_700_000_000_123L));
        assertThat(records.get(1).embedding()).isNull();
        assertThat(records.get(1).metadata()).isEmpty();
        assertThat(records.get(1).text()).isNull();
        assertThat(records.get(1).timestamp()).isNull();
    }

    @Test
    void should_extract_json_values_and_tell_json_types_apart_at_metadata_paths() throws SQLException {
        boolean pg = dialect() == SqlDialect.POSTGRES;
        sql.update("CREATE TABLE docs (id " + dialect().keyTextType() + " PRIMARY KEY, metadata " + (pg ? "jsonb" : "TEXT") + ")",
                List.of());
        String[][] rows = {
            {"array", "{\"a\":{\"b\":[1,2]}}"}, {"object", "{\"a\":{\"b\":{\"c\":1}}}"}, {"string", "{\"a\":{\"b\":\"x\"}}"},
            {"integer", "{\"a\":{\"b\":7}}"}, {"real", "{\"a\":{\"b\":1.5}}"}, {"boolean", "{\"a\":{\"b\":false}}"},
            {"null", "{\"a\":{\"b\":null}}"}, {"missing", "{\"a\":{}}"}, {"scalar-parent", "{\"a\":3}"},
        };
        for (String[] row : rows) {
            sql.update("INSERT INTO docs (id, metadata) VALUES (?, " + (pg ? "CAST(? AS jsonb)" : "?") + ")", List.of(row[0], row[1]));
        }
        Map<SqlDialect.JsonType, List<String>> expected = new LinkedHashMap<>();
        expected.put(SqlDialect.JsonType.ARRAY, List.of("array"));
        expected.put(SqlDialect.JsonType.OBJECT, List.of("object"));
        expected.put(SqlDialect.JsonType.STRING, List.of("string"));
        expected.put(SqlDialect.JsonType.NUMBER, List.of("integer", "real"));
        expected.put(SqlDialect.JsonType.BOOLEAN, List.of("boolean"));
        expected.put(SqlDialect.JsonType.NULL, List.of("null"));
        for (Map.Entry<SqlDialect.JsonType, List<String>> e : expected.entrySet()) {
            SqlFragment test = dialect().jsonTypeIs("metadata", "a.b", e.getKey());
            assertThat(ids("SELECT id FROM docs WHERE " + test.sql() + " ORDER BY id", test.params()))
                    .as("type %s", e.getKey()).containsExactlyInAnyOrderElementsOf(e.getValue());
            // never SQL NULL: the negation selects exactly the other rows
            assertThat(ids("SELECT id FROM docs WHERE NOT " + test.sql(), test.params())).hasSize(rows.length - e.getValue().size());
        }
        SqlFragment value = dialect().jsonExtract("metadata", "a.b");
        List<String> resolved = ids("SELECT id FROM docs WHERE " + value.sql() + " IS NOT NULL", value.params());
        // SQLite unwraps a JSON null to SQL NULL; PostgreSQL keeps it as the jsonb null
        assertThat(resolved).containsExactlyInAnyOrder(pg
                ? new String[] {"array", "object", "string", "integer", "real", "boolean", "null"}
                : new String[] {"array", "object", "string", "integer", "real", "boolean"});
    }

    private List<String> ids(String query, List<Object> params) throws SQLException {
        return sql.query(query, params, row -> row.text(1));
    }

    @Test
    void should_keep_collection_specs_in_the_registry_through_every_change() throws SQLException {
        CollectionRegistry registry = new CollectionRegistry(dialect(), schema(), registryLayout());
        CollectionSpec docs = new CollectionSpec(3, Metric.L2, IndexParams.hnsw(8, 40, 20));
        CollectionSpec vectors = new CollectionSpec(0, Metric.COSINE, IndexParams.DEFAULT);
        registry.insert(sql, "vectors", vectors, 1L);
        registry.insert(sql, "docs", docs, 2L);
        registry.insert(sql, "Docs", new CollectionSpec(2, Metric.INNER_PRODUCT, IndexParams.flat()), 3L);

        assertThat(registry.find(sql, "docs")).contains(docs);
        assertThat(registry.find(sql, "nope")).isEmpty();
        assertThat(registry.list(sql)).extracting(CollectionInfo::name).containsExactly("Docs", "docs", "vectors");
        assertThatThrownBy(() -> registry.insert(sql, "docs", docs, 4L)).isInstanceOf(SQLException.class);

        assertThat(registry.updateIndex(sql, "docs", IndexParams.flat())).isTrue();
        assertThat(registry.setDimension(sql, "vectors", 384)).isTrue();
        assertThat(registry.find(sql, "docs")).contains(new CollectionSpec(3, Metric.L2, IndexParams.flat()));
        assertThat(registry.find(sql, "vectors")).contains(vectors.withDimension(384));
        assertThat(registry.updateIndex(sql, "nope", IndexParams.flat())).isFalse();
        assertThat(registry.setDimension(sql, "nope", 3)).isFalse();

        assertThat(registry.delete(sql, "docs")).isTrue();
        assertThat(registry.delete(sql, "docs")).isFalse();
        assertThat(registry.list(sql)).extracting(CollectionInfo::name).containsExactly("Docs", "vectors");
        String storedType = sql.queryFirst("SELECT index_type FROM " + dialect().qualify(schema(), CollectionRegistry.TABLE)
                + " WHERE name = ?", List.of("Docs"), row -> row.text(1)).orElseThrow();
        assertThat(storedType).isEqualTo(registryLayout() == CollectionRegistry.Layout.HNSW_ONLY ? "flat" : "FLAT");
    }

    @Test
    void should_read_write_overwrite_and_delete_state_in_separate_stores() throws SQLException {
        StateTables state = new StateTables(dialect(), schema(), stateCreation());
        assertThat(state.read(sql, StateStore.ENGINE, "k")).isEmpty();
        assertThat(state.delete(sql, StateStore.ENGINE, "k")).isFalse();

        state.write(sql, StateStore.ENGINE, "k", "one");
        state.write(sql, StateStore.MIGRATION_CHECKPOINTS, "k", "checkpoint");
        assertThat(state.read(sql, StateStore.ENGINE, "k")).contains("one");
        state.write(sql, StateStore.ENGINE, "k", "two");
        assertThat(state.read(sql, StateStore.ENGINE, "k")).contains("two");
        assertThat(state.read(sql, StateStore.MIGRATION_CHECKPOINTS, "k")).contains("checkpoint");

        assertThat(state.delete(sql, StateStore.ENGINE, "k")).isTrue();
        assertThat(state.read(sql, StateStore.ENGINE, "k")).isEmpty();
        assertThat(state.read(sql, StateStore.MIGRATION_CHECKPOINTS, "k")).contains("checkpoint");
    }

    @Test
    void should_roll_back_a_state_write_with_its_transaction() throws SQLException {
        StateTables state = new StateTables(dialect(), schema(), stateCreation());
        state.write(sql, StateStore.ENGINE, "k", "committed");
        connection.setAutoCommit(false);
        state.write(sql, StateStore.ENGINE, "k", "rolled back");
        state.write(sql, StateStore.ENGINE, "other", "rolled back");
        connection.rollback();
        connection.setAutoCommit(true);
        assertThat(state.read(sql, StateStore.ENGINE, "k")).contains("committed");
        assertThat(state.read(sql, StateStore.ENGINE, "other")).isEmpty();
    }

    /** Runs statements on the test connection (DDL of the fixture). */
    protected void exec(String... statements) throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (String st : statements) {
                s.execute(st);
            }
        }
    }
}
