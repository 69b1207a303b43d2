package dev.agentdb.postgres.internal;

import org.postgresql.util.PGobject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/** Small statements every part of the PostgreSQL adapter runs. Not API. */
public final class PgSql {
    private PgSql() {
    }

    /**
     * Runs one statement without parameters (DDL, whose identifiers the caller has quoted).
     *
     * @param c the connection
     * @param sql the statement
     * @throws SQLException from the driver
     */
    public static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /**
     * Sets a server setting until the end of the current transaction ({@code set_config(name, value, true)},
     * i.e. {@code SET LOCAL}), both bound.
     *
     * @param c a connection inside a transaction
     * @param name the setting, e.g. {@code hnsw.ef_search}
     * @param value its value as text
     * @throws SQLException from the driver, e.g. for an unknown setting or invalid value
     */
    public static void setLocal(Connection c, String name, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT set_config(?, ?, true)")) {
            ps.setString(1, name);
            ps.setString(2, value);
            ps.execute();
        }
    }

    /**
     * @param value a value the driver returned
     * @return the text of a {@link PGobject} (pgvector, jsonb, ...), any other value as is
     */
    public static Object plainValue(Object value) {
        return value instanceof PGobject o ? o.getValue() : value;
    }
}
