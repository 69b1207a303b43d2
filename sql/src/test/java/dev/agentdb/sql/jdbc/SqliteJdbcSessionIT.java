package dev.agentdb.sql.jdbc;

import dev.agentdb.sql.SqlDialect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session contract on a SQLite file through SQLite's single-writer strategy
 * ({@link SingleWriterConnections}: writer lock, {@code BEGIN IMMEDIATE}, {@code data_version} check).
 */
class SqliteJdbcSessionIT extends JdbcSessionContract {
    @TempDir
    Path dir;

    private SingleWriterConnections connections;

    private String url() {
        return "jdbc:sqlite:" + dir.resolve("session.db");
    }

    @Override
    protected SqlDialect dialect() {
        return SqlDialect.SQLITE;
    }

    @Override
    protected ConnectionStrategy newConnections() throws SQLException {
        connections = new SingleWriterConnections(url());
        return connections;
    }

    @Override
    protected Connection plainConnection() throws SQLException {
        return DriverManager.getConnection(url());
    }

    @Override
    protected void enableForeignKeys() {
        session.withoutTransaction("pragma", c -> JdbcExecutor.on(c).update("PRAGMA foreign_keys = ON", List.of()));
    }

    @Test
    void should_see_commits_of_other_connections_when_the_next_transaction_begins() throws SQLException {
        session.write("items", c -> JdbcExecutor.on(c).update("INSERT INTO items (id, n) VALUES ('a', 1)", List.of()));
        assertThat(connections.externalChanges()).isZero();
        try (Connection other = plainConnection(); Statement s = other.createStatement()) {
            s.execute("INSERT INTO items (id, n) VALUES ('b', 2)");
        }
        session.write("items", c -> JdbcExecutor.on(c).update("INSERT INTO items (id, n) VALUES ('c', 3)", List.of()));
        assertThat(connections.externalChanges()).isEqualTo(1);
        session.write("items", c -> JdbcExecutor.on(c).update("INSERT INTO items (id, n) VALUES ('d', 4)", List.of()));
        assertThat(connections.externalChanges()).isEqualTo(1); // our own commits are not external
    }
}
