package dev.agentdb.sql.jdbc;

import dev.agentdb.AgentDBException;
import dev.agentdb.spi.StateStore;
import dev.agentdb.sql.CollectionRegistry;
import dev.agentdb.sql.SqlDialect;
import dev.agentdb.sql.StateTables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shared statements on a SQLite file with the registry of the SQLite layout version 1 (the
 * adapter's {@code SqliteSchema}; its DDL is repeated here because the sql module cannot depend on
 * the adapter) and state tables created by their first write.
 */
class SqliteSqlStatementsIT extends SqlStatementsContract {
    /** The registry table exactly as the SQLite adapter's layout version 1 creates it. */
    static final String SQLITE_V1_REGISTRY = "CREATE TABLE IF NOT EXISTS agentdb_collections (name TEXT PRIMARY KEY,"
            + " dimension INTEGER NOT NULL, metric TEXT NOT NULL, index_type TEXT NOT NULL, m INTEGER NOT NULL,"
            + " ef_construction INTEGER NOT NULL, ef_search INTEGER NOT NULL, created_at INTEGER NOT NULL)";

    @TempDir
    Path dir;

    @Override
    protected SqlDialect dialect() {
        return SqlDialect.SQLITE;
    }

    @Override
    protected Connection openFreshDatabase() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("statements.db"));
        c.createStatement().execute(SQLITE_V1_REGISTRY);
        return c;
    }

    @Override
    protected CollectionRegistry.Layout registryLayout() {
        return CollectionRegistry.Layout.HNSW_ONLY;
    }

    @Override
    protected StateTables.Creation stateCreation() {
        return StateTables.Creation.ON_FIRST_WRITE;
    }

    @Override
    protected String schema() {
        return null;
    }

    @Override
    protected String typeOfParameter() {
        return "SELECT typeof(?)";
    }

    @Override
    protected List<String> boundTypes() {
        // xerial binds a BigDecimal as its text; SQLite has no exact decimal type
        return List.of("text", "integer", "integer", "real", "text", "integer", "blob");
    }

    @Test
    void should_create_a_state_table_only_when_its_store_is_first_written() throws SQLException {
        StateTables state = new StateTables(dialect(), null, StateTables.Creation.ON_FIRST_WRITE);
        assertThat(state.read(sql, StateStore.MIGRATION_CHECKPOINTS, "k")).isEmpty();
        assertThat(state.delete(sql, StateStore.MIGRATION_CHECKPOINTS, "k")).isFalse();
        assertThat(tables()).doesNotContain("agentdb_migration_checkpoints", "agentdb_meta");

        state.write(sql, StateStore.MIGRATION_CHECKPOINTS, "k", "v");
        assertThat(tables()).contains("agentdb_migration_checkpoints").doesNotContain("agentdb_meta");
    }

    private List<String> tables() throws SQLException {
        return sql.query("SELECT name FROM sqlite_master WHERE type = 'table'", List.of(), row -> row.text(1));
    }

    @Test
    void should_refuse_a_registry_row_with_an_index_type_this_library_does_not_know() throws SQLException {
        exec("INSERT INTO agentdb_collections VALUES ('future', 3, 'cosine', 'diskann', 16, 100, 64, 1)");
        CollectionRegistry registry = new CollectionRegistry(dialect(), null, registryLayout());
        assertThatThrownBy(() -> registry.find(sql, "future")).isInstanceOf(AgentDBException.class)
                .hasMessageContaining("future").hasMessageContaining("diskann");
    }
}
