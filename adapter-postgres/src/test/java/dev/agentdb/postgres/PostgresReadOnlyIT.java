package dev.agentdb.postgres;

import dev.agentdb.AgentDB;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.BackendUnavailableException;
import dev.agentdb.CollectionSpec;
import dev.agentdb.Metric;
import dev.agentdb.ReadOnlyException;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.postgres.internal.PostgresUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Read-only PostgreSQL ({@code AgentDBConfig.readOnly}, or pgJDBC's {@code readOnly=true} in the URL):
 * no DDL at open (no schema, extension or migration), read-only connections the server holds to
 * it, writes refused. (The backend-neutral behaviour is the kit's {@code ReadOnlyContract}, run by
 * {@link PostgresCompatibilityIT}.)
 */
class PostgresReadOnlyIT {
    @RegisterExtension
    static final PostgresTestSupport SUPPORT = new PostgresTestSupport();

    private static AgentDB readOnly(String url) {
        return AgentDB.open(AgentDBConfig.builder(url).readOnly(true).build());
    }

    private static String schemaOf(String url) {
        return PostgresUrl.parse(url).schema();
    }

    private static long scalar(String sql, Object... params) throws SQLException {
        try (Connection c = PostgresTestSupport.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = PostgresTestSupport.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void should_create_no_schema_when_opening_read_only_a_schema_that_does_not_exist() throws SQLException {
        String url = SUPPORT.newSchemaUrl();
        for (AgentDBConfig config : List.of(AgentDBConfig.builder(url).readOnly(true).build(), AgentDBConfig.of(url + "&readOnly=true"))) {
            assertThatThrownBy(() -> AgentDB.open(config).close()).isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("has no schema '" + schemaOf(url) + "'").hasMessageContaining("creates nothing");
        }
        assertThat(scalar("SELECT count(*) FROM pg_namespace WHERE nspname = ?", schemaOf(url))).isZero();
    }

    @Test
    void should_run_no_ddl_in_an_empty_schema_opened_read_only() throws SQLException {
        String url = SUPPORT.newSchemaUrl();
        execute("CREATE SCHEMA " + schemaOf(url));
        assertThatThrownBy(() -> readOnly(url).close()).isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("has no AgentDB tables");
        assertThat(scalar("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ?",
                schemaOf(url))).as("nothing created in the schema").isZero();
    }

    @Test
    void should_use_connections_the_server_keeps_read_only_and_refuse_writes() throws SQLException {
        String url = SUPPORT.newSchemaUrl();
        try (AgentDB db = AgentDB.open(url)) {
            db.createCollection("docs", CollectionSpec.of(3, Metric.COSINE)).insert(VectorRecord.of("a", new float[] {1, 2, 3}, Map.of()));
        }
        for (AgentDBConfig config : List.of(AgentDBConfig.builder(url).readOnly(true).build(), AgentDBConfig.of(url + "&readOnly=true"))) {
            try (AgentDB db = AgentDB.open(config)) {
                assertThat(db.readOnly()).isTrue();
                assertThat(db.executeRaw("SHOW transaction_read_only").get(0).values()).containsExactly("on");
                assertThat(db.inTransaction(() -> db.executeRaw("SHOW transaction_read_only").get(0).values())).containsExactly("on");
                VectorCollection docs = db.collection("docs");
                assertThat(docs.get("a")).isPresent();
                assertThatThrownBy(() -> docs.insert(VectorRecord.of("b", new float[] {1, 1, 1}, null)))
                        .isInstanceOf(ReadOnlyException.class).hasMessageContaining("insert into 'docs'");
                ReadOnlyException server = catchThrowableOfType(() -> db.executeRaw(
                        "WITH d AS (DELETE FROM docs WHERE id = 'a' RETURNING id) SELECT id FROM d"), ReadOnlyException.class);
                assertThat(server).as("refused by the server").hasMessageContaining("read-only transaction");
                assertThat(((SQLException) server.getCause()).getSQLState()).isEqualTo("25006");
                assertThatThrownBy(() -> db.executeRaw("SET default_transaction_read_only = off")).isInstanceOf(ReadOnlyException.class);
            }
        }
        try (AgentDB db = AgentDB.open(url)) {
            assertThat(db.collection("docs").count()).isEqualTo(1);
        }
    }

    @Test
    void should_refuse_to_migrate_an_older_schema_read_only_and_say_how() throws SQLException {
        String url = SUPPORT.newSchemaUrl();
        try (AgentDB db = AgentDB.open(url)) {
            db.createCollection("docs", CollectionSpec.of(3, Metric.COSINE));
        }
        String history = schemaOf(url) + ".agentdb_schema_history";
        execute("DELETE FROM " + history + " WHERE version <> '1' AND version IS NOT NULL"); // looks like version 1 now
        long rows = scalar("SELECT count(*) FROM " + history);
        ReadOnlyException e = catchThrowableOfType(() -> readOnly(url).close(), ReadOnlyException.class);
        assertThat(e).hasMessageContaining("from version 1 to " + PostgresAdapter.SCHEMA_SCRIPTS.latestVersion())
                .hasMessageContaining("open it read-write once");
        assertThat(scalar("SELECT count(*) FROM " + history)).isEqualTo(rows);
    }

    @Test
    void should_not_create_the_pgvector_extension_read_only() throws SQLException {
        String database = "agentdb_ro_noext_" + Long.toHexString(System.nanoTime());
        execute("CREATE DATABASE " + database);
        try {
            PostgresUrl base = PostgresUrl.parse(PostgresTestSupport.baseUrl());
            String url = PostgresTestSupport.baseUrl().replaceFirst("(//[^/]*/)[^/?]*", "$1" + database);
            assertThatThrownBy(() -> readOnly(url).close()).isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("no pgvector extension").hasMessageContaining("creates nothing");
            try (Connection c = java.sql.DriverManager.getConnection(base.jdbcUrl().replaceFirst("/[^/]*$", "/" + database),
                    base.driverProperties()); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_extension WHERE extname = 'vector'")) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
        } finally {
            execute("DROP DATABASE IF EXISTS " + database);
        }
    }
}
