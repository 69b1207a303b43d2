package dev.agentdb.sql.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.agentdb.CollectionSpec;
import dev.agentdb.IndexParams;
import dev.agentdb.Metric;
import dev.agentdb.migrations.Dialect;
import dev.agentdb.migrations.SchemaMigrator;
import dev.agentdb.sql.CollectionRegistry;
import dev.agentdb.sql.SqlDialect;
import dev.agentdb.sql.StateTables;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shared statements on PostgreSQL, against the registry and state tables of the real versioned
 * schema (Flyway scripts of {@code agentdb-migrations}: CHECK constraints included).
 */
class PostgresSqlStatementsIT extends SqlStatementsContract {
    private PostgresTestDatabase db;

    @Override
    protected SqlDialect dialect() {
        return SqlDialect.POSTGRES;
    }

    @Override
    protected Connection openFreshDatabase() throws SQLException {
        db = new PostgresTestDatabase();
        try (HikariDataSource pool = db.pool()) {
            SchemaMigrator.migrate(pool, Dialect.POSTGRES, db.schema);
        }
        return db.plain();
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        if (db != null) {
            db.close();
        }
    }

    @Override
    protected CollectionRegistry.Layout registryLayout() {
        return CollectionRegistry.Layout.WITH_IVFFLAT;
    }

    @Override
    protected StateTables.Creation stateCreation() {
        return StateTables.Creation.MIGRATED;
    }

    @Override
    protected String schema() {
        return db.schema;
    }

    @Override
    protected String typeOfParameter() {
        return "SELECT pg_typeof(?)::text";
    }

    @Override
    protected List<String> boundTypes() {
        return List.of("character varying", "integer", "bigint", "double precision", "numeric", "boolean", "bytea");
    }

    @Test
    void should_keep_ivfflat_lists_and_probes_and_store_null_for_other_index_types() throws SQLException {
        CollectionRegistry registry = new CollectionRegistry(dialect(), schema(), registryLayout());
        CollectionSpec ivf = new CollectionSpec(4, Metric.COSINE, IndexParams.ivfflat(64, 8));
        registry.insert(sql, "ivf", ivf, 1L);
        registry.insert(sql, "hnsw", new CollectionSpec(4, Metric.COSINE, IndexParams.DEFAULT), 1L);
        assertThat(registry.find(sql, "ivf")).contains(ivf);
        assertThat(sql.query("SELECT lists, probes FROM agentdb_collections WHERE name = 'hnsw'", List.of(),
                row -> new Object[] {row.value(1), row.value(2)})).containsExactly(new Object[] {null, null});

        assertThat(registry.updateIndex(sql, "ivf", IndexParams.ivfflat(32, 32))).isTrue();
        assertThat(registry.find(sql, "ivf")).contains(new CollectionSpec(4, Metric.COSINE, IndexParams.ivfflat(32, 32)));
    }

    @Test
    void should_let_the_schemas_check_constraints_refuse_what_the_registry_must_never_write() {
        // the versioned schema refuses lower-case types: only the WITH_IVFFLAT layout's spelling fits PostgreSQL
        CollectionRegistry wrong = new CollectionRegistry(dialect(), schema(), CollectionRegistry.Layout.HNSW_ONLY);
        assertThatThrownBy(() -> wrong.insert(sql, "docs", CollectionSpec.of(3, Metric.COSINE), 1L))
                .isInstanceOf(SQLException.class);
    }
}
