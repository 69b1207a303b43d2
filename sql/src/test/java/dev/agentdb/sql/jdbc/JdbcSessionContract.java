package dev.agentdb.sql.jdbc;

import dev.agentdb.BackendUnavailableException;
import dev.agentdb.sql.SqlDialect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a {@link JdbcSession} promises, run against a real database by each subclass: commit and
 * rollback, joining the thread's transaction, savepoints around failed operations and nested
 * transactions, the rollback listener, scoped work, auto-commit work, error translation, and
 * concurrent writers. Every assertion reads the database through a connection of its own.
 */
abstract class JdbcSessionContract {
    /** What the tests' translator throws: the subject and the SQLState, the driver error as cause. */
    static final class Translated extends RuntimeException {
        final String subject;

        Translated(String subject, SQLException cause) {
            super(subject + ": SQLState " + cause.getSQLState() + ": " + cause.getMessage(), cause);
            this.subject = subject;
        }
    }

    protected JdbcSession session;
    protected final List<Set<String>> rolledBack = Collections.synchronizedList(new ArrayList<>());
    protected final List<Set<String>> committed = Collections.synchronizedList(new ArrayList<>());

    /** @return the database's dialect */
    protected abstract SqlDialect dialect();

    /** @return a new connection strategy on the test database (the session owns it) */
    protected abstract ConnectionStrategy newConnections() throws SQLException;

    /** @return a connection outside the session, in auto-commit mode; the caller closes it */
    protected abstract Connection plainConnection() throws SQLException;

    @BeforeEach
    void createSessionAndTable() throws SQLException {
        try (Connection c = plainConnection(); Statement s = c.createStatement()) {
            for (String table : List.of("children", "parents", "items")) {
                s.execute("DROP TABLE IF EXISTS " + table);
            }
            s.execute("CREATE TABLE items (id " + dialect().keyTextType() + " PRIMARY KEY, n INTEGER)");
        }
        session = new JdbcSession(dialect(), newConnections(), (e, subject) -> new Translated(subject, e), new TransactionListener() {
            @Override
            public void rolledBack(Set<String> collections) {
                rolledBack.add(collections);
            }

            @Override
            public void committed(Set<String> collections) {
                committed.add(collections);
            }
        });
    }

    @AfterEach
    void closeSession() {
        session.close();
    }

    private static int insert(Connection c, String id) throws SQLException {
        return JdbcExecutor.on(c).update("INSERT INTO items (id, n) VALUES (?, ?)", List.of(id, 1));
    }

    /** @return the committed ids, in order, read on a connection of its own */
    private List<String> committedIds() throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = plainConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM items ORDER BY id")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    @Test
    void should_show_a_write_to_other_connections_only_after_it_commits() throws SQLException {
        List<List<String>> seenDuringWork = new ArrayList<>();
        session.write("items", c -> {
            insert(c, "a");
            seenDuringWork.add(committedIds());
            return null;
        });
        assertThat(seenDuringWork).containsExactly(List.of());
        assertThat(committedIds()).containsExactly("a");
        assertThat(session.inTransaction()).isFalse();
    }

    @Test
    void should_roll_back_everything_and_rethrow_the_works_own_exception() throws SQLException {
        IllegalStateException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> session.transaction("tx", () -> {
            session.write("items", c -> insert(c, "a"));
            session.write("items", c -> insert(c, "b"));
            throw boom;
        })).isSameAs(boom);
        assertThat(committedIds()).isEmpty();
    }

    @Test
    void should_join_the_threads_transaction_and_keep_other_threads_out() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            session.transaction("tx", () -> {
                session.write("items", c -> insert(c, "a"));
                assertThat(session.inTransaction()).isTrue();
                // this thread's read joins the transaction and sees its uncommitted row ...
                long seen = session.read("items", JdbcSessionContract::count);
                assertThat(seen).isEqualTo(1L);
                // ... another thread's read does not
                Future<Long> elsewhere = other.submit(() -> session.read("items", JdbcSessionContract::count));
                try {
                    assertThat(elsewhere.get(10, TimeUnit.SECONDS)).isZero();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                return null;
            });
        } finally {
            other.shutdownNow();
        }
        assertThat(committedIds()).containsExactly("a");
    }

    private static long count(Connection c) throws SQLException {
        return JdbcExecutor.on(c).queryFirst("SELECT count(*) FROM items", List.of(), row -> row.int64(1)).orElseThrow();
    }

    @Test
    void should_roll_back_only_the_failed_operation_and_let_the_transaction_go_on() throws SQLException {
        session.transaction("tx", () -> {
            session.write("items", c -> insert(c, "a"));
            assertThatThrownBy(() -> session.write("dup", c -> {
                insert(c, "c");
                return insert(c, "a"); // primary key violation
            })).isInstanceOf(Translated.class)
                    .satisfies(e -> assertThat(((Translated) e).subject).isEqualTo("dup"))
                    .hasCauseInstanceOf(SQLException.class);
            session.write("items", c -> insert(c, "b")); // on PostgreSQL only possible after ROLLBACK TO SAVEPOINT
            return null;
        });
        assertThat(committedIds()).containsExactly("a", "b");
    }

    @Test
    void should_keep_the_transaction_usable_after_a_failed_read() throws SQLException {
        session.transaction("tx", () -> {
            session.write("items", c -> insert(c, "a"));
            assertThatThrownBy(() -> session.read("missing", c -> JdbcExecutor.on(c).query("SELECT x FROM no_such_table",
                    List.of(), row -> row.text(1)))).isInstanceOf(Translated.class).hasMessageStartingWith("missing: ");
            session.write("items", c -> insert(c, "b"));
            return null;
        });
        assertThat(committedIds()).containsExactly("a", "b");
    }

    @Test
    void should_undo_a_nested_transaction_that_throws_and_commit_the_outer_one() throws SQLException {
        session.transaction("outer", () -> {
            session.write("items", c -> insert(c, "a"));
            assertThatThrownBy(() -> session.transaction("inner", () -> {
                session.write("items", c -> insert(c, "b"));
                throw new IllegalArgumentException("inner fails");
            })).hasMessage("inner fails");
            return session.write("items", c -> insert(c, "c"));
        });
        assertThat(committedIds()).containsExactly("a", "c");
    }

    @Test
    void should_tell_the_listener_what_each_rolled_back_scope_touched_and_what_each_commit_kept() {
        session.touched("outside"); // no transaction: nothing to roll back, nothing recorded
        session.transaction("ok", () -> {
            session.write("items", c -> {
                session.touched("committed");
                return insert(c, "a");
            });
            assertThat(committed).as("not before the outermost commit").isEmpty();
            return null;
        });
        assertThat(rolledBack).isEmpty();
        assertThat(committed).containsExactly(Set.of("committed"));

        assertThatThrownBy(() -> session.transaction("tx", () -> {
            session.write("items", c -> {
                session.touched("kept");
                return insert(c, "b");
            });
            assertThatThrownBy(() -> session.write("items", c -> {
                session.touched("failed");
                throw new IllegalStateException("savepoint fails");
            })).hasMessage("savepoint fails");
            assertThat(rolledBack).containsExactly(Set.of("failed"));
            throw new IllegalStateException("transaction fails");
        })).hasMessage("transaction fails");
        assertThat(rolledBack).containsExactly(Set.of("failed"), Set.of("kept", "failed"));
        assertThat(committed).as("a rolled-back transaction commits nothing").containsExactly(Set.of("committed"));

        session.transaction("partly", () -> {
            session.write("items", c -> {
                session.touched("survivor");
                return insert(c, "d");
            });
            assertThatThrownBy(() -> session.write("items", c -> {
                session.touched("undone");
                throw new IllegalStateException("savepoint fails");
            })).hasMessage("savepoint fails");
            return null;
        });
        assertThat(committed).last().as("every name marked inside, a rolled-back savepoint's included")
                .isEqualTo(Set.of("survivor", "undone"));
    }

    @Test
    void should_always_undo_scoped_work_inside_and_outside_a_transaction() throws SQLException {
        int inserted = session.readScoped("items", c -> insert(c, "scoped-alone"));
        assertThat(inserted).isEqualTo(1);
        session.transaction("tx", () -> {
            session.write("items", c -> insert(c, "a"));
            session.readScoped("items", c -> insert(c, "scoped-inside"));
            long seen = session.read("items", JdbcSessionContract::count);
            assertThat(seen).isEqualTo(1L);
            return null;
        });
        assertThat(committedIds()).containsExactly("a");
    }

    @Test
    void should_commit_each_statement_by_itself_without_a_transaction() throws SQLException {
        assertThatThrownBy(() -> session.withoutTransaction("raw", c -> {
            insert(c, "a");
            return insert(c, "a");
        })).isInstanceOf(Translated.class).hasMessageStartingWith("raw: ");
        assertThat(committedIds()).containsExactly("a");
    }

    @Test
    void should_translate_a_failed_commit_and_roll_back() throws SQLException {
        // a deferred constraint fails at COMMIT, not at the statement: the session's own commit must translate it
        try (Connection c = plainConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE parents (id INTEGER PRIMARY KEY)");
            s.execute("CREATE TABLE children (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES parents (id)"
                    + " DEFERRABLE INITIALLY DEFERRED)");
        }
        enableForeignKeys();
        assertThatThrownBy(() -> session.write("commit", c -> {
            insert(c, "a");
            return JdbcExecutor.on(c).update("INSERT INTO children (id, parent) VALUES (1, 42)", List.of());
        })).isInstanceOf(Translated.class).hasMessageStartingWith("commit: ");
        assertThat(committedIds()).isEmpty();
    }

    /** Turns on foreign key enforcement for the session's writer where it is off by default (SQLite). */
    protected void enableForeignKeys() {
    }

    @Test
    void should_serialise_concurrent_writers_without_losing_a_row() throws Exception {
        int threads = 4;
        int rows = 25;
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                writers.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < rows; i++) {
                        String id = "t" + thread + "-" + i;
                        session.transaction("tx", () -> session.write("items", c -> insert(c, id)));
                    }
                }, pool));
            }
            CompletableFuture.allOf(writers.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(committedIds()).hasSize(threads * rows);
    }

    @Test
    void should_refuse_work_once_closed() {
        session.close();
        assertThatThrownBy(() -> session.write("items", c -> insert(c, "a"))).isInstanceOf(BackendUnavailableException.class);
    }
}
