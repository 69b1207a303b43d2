package dev.agentdb.sql.jdbc;

import dev.agentdb.sql.SqlDialect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The session contract on PostgreSQL through a HikariCP pool ({@link PooledConnections}). */
class PostgresJdbcSessionIT extends JdbcSessionContract {
    private static PostgresTestDatabase db;

    @BeforeAll
    static void openDatabase() throws SQLException {
        db = new PostgresTestDatabase();
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        if (db != null) {
            db.close();
        }
    }

    @Override
    protected SqlDialect dialect() {
        return SqlDialect.POSTGRES;
    }

    @Override
    protected ConnectionStrategy newConnections() throws SQLException {
        return new PooledConnections(db.pool(), "PostgreSQL", "the test server", 5_000, m -> m);
    }

    @Override
    protected Connection plainConnection() throws SQLException {
        return db.plain();
    }

    @Test
    void should_scope_set_local_settings_to_the_scoped_work() {
        String outside = session.transaction("tx", () -> {
            String inside = session.readScoped("settings", c -> {
                JdbcExecutor.on(c).query("SELECT set_config('agentdb.test', 'scoped', true)", List.of(), row -> row.text(1));
                return setting(c);
            });
            assertThat(inside).isEqualTo("scoped");
            return session.read("settings", PostgresJdbcSessionIT::setting);
        });
        assertThat(outside).isNullOrEmpty();
    }

    /** @return the custom setting {@code agentdb.test} on this connection, null or empty when unset */
    private static String setting(Connection c) throws SQLException {
        return JdbcExecutor.on(c).queryFirst("SELECT current_setting('agentdb.test', true)", List.of(), row -> row.text(1))
                .orElse(null);
    }
}
