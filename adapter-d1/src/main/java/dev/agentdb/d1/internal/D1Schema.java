package dev.agentdb.d1.internal;

import dev.agentdb.migrations.SchemaScripts;
import dev.agentdb.migrations.ScriptedVersioning;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The D1 layout's versions: scripts {@code db/agentdb/d1/V<n>__*.sql} run by {@link ScriptedVersioning};
 * the history is the table {@code agentdb_schema_history} (version, description, script, checksum,
 * installed_on, success, as Flyway records them). Each script's statements and its history row go in one D1
 * batch (one transaction), guarded by the key {@link D1Batch#SCHEMA_KEY}, so two processes migrating at once
 * apply it once (the second one's batch is refused and it reads the history again). Not API.
 */
public final class D1Schema {
    /** The scripts. */
    public static final SchemaScripts SCRIPTS = new SchemaScripts("db/agentdb/d1", List.of("V1__agentdb_layout.sql"));
    /** The latest version. */
    public static final int VERSION = SCRIPTS.latestVersion();

    private static final String HISTORY = "agentdb_schema_history";
    private static final String CREATE_HISTORY = "CREATE TABLE IF NOT EXISTS " + HISTORY + " (version INTEGER PRIMARY KEY, "
            + "description TEXT NOT NULL, script TEXT NOT NULL, checksum INTEGER NOT NULL, installed_on INTEGER NOT NULL, "
            + "success INTEGER NOT NULL)";
    private static final String GUARD_TABLES = "CREATE TABLE IF NOT EXISTS agentdb_index_versions (collection TEXT PRIMARY KEY, "
            + "version INTEGER NOT NULL, writer TEXT NOT NULL);\n"
            + "CREATE TABLE IF NOT EXISTS agentdb_write_guard (ok INTEGER, CONSTRAINT agentdb_write_guard CHECK (ok = 1))";

    private D1Schema() {
    }

    /**
     * @param client the database
     * @return the versioning of its layout
     */
    public static ScriptedVersioning versioning(D1Client client) {
        return new ScriptedVersioning(SCRIPTS, new ScriptedVersioning.History() {
            @Override
            public List<ScriptedVersioning.Applied> applied() {
                return sql(() -> {
                    if (!tableExists(client, HISTORY)) {
                        return List.of();
                    }
                    D1Result r = D1Executor.direct(client).run("SELECT version, checksum FROM " + HISTORY + " WHERE success = 1", List.of());
                    List<ScriptedVersioning.Applied> out = new ArrayList<>();
                    D1Row row = new D1Row(r.columns());
                    for (List<Object> values : r.rows()) {
                        row.at(values);
                        out.add(new ScriptedVersioning.Applied(row.int32(1), row.int32(2)));
                    }
                    return out;
                });
            }

            @Override
            public void record(SchemaScripts.Script script) {
                // recorded by apply, in the script's own batch
            }
        }, script -> sql(() -> {
            apply(client, script);
            return null;
        }));
    }

    /** Runs a script and records it in one guarded batch. */
    private static void apply(D1Client client, SchemaScripts.Script script) throws SQLException {
        // the guard's own tables come first, in a batch of their own (idempotent)
        List<D1Statement> guard = new ArrayList<>();
        for (String s : statements(GUARD_TABLES + ";\n" + CREATE_HISTORY)) {
            guard.add(D1Params.prepare(s, List.of()));
        }
        client.run(guard, true);
        long version = D1Batch.version(client, D1Batch.SCHEMA_KEY);
        D1Batch batch = new D1Batch(D1Batch.SCHEMA_KEY);
        for (String s : statements(script.text())) {
            batch.add(s, List.of());
        }
        batch.add("INSERT OR IGNORE INTO " + HISTORY + " (version, description, script, checksum, installed_on, success) "
                + "VALUES (?, ?, ?, ?, ?, 1)", List.of(script.version(), script.description(), script.name(), script.checksum(),
                System.currentTimeMillis()));
        batch.commit(client, version);
    }

    /**
     * Splits a script into statements: at each {@code ;} that ends a line, {@code --} comment lines dropped.
     *
     * @param text the script
     * @return its statements, without the semicolons
     */
    public static List<String> statements(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String s = current.toString().strip();
                out.add(s.substring(0, s.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    /**
     * @param client the database
     * @param table a table name
     * @return whether it exists
     * @throws SQLException when D1 refuses
     */
    public static boolean tableExists(D1Client client, String table) throws SQLException {
        return !D1Executor.direct(client).run("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", List.of(table))
                .rows().isEmpty();
    }

    /** A D1 call whose SQL errors become AgentDB exceptions. */
    @FunctionalInterface
    public interface SqlCall<T> {
        /**
         * @return the result
         * @throws SQLException when D1 refuses
         */
        T call() throws SQLException;
    }

    /**
     * @param call work against D1
     * @param <T> its result
     * @return its result
     * @throws dev.agentdb.AgentDBException translated from D1's refusal
     */
    public static <T> T sql(SqlCall<T> call) {
        try {
            return call.call();
        } catch (D1Exception e) {
            throw D1Errors.translate(e, "migrate the schema", "");
        } catch (SQLException e) {
            throw new dev.agentdb.AgentDBException("cannot migrate the D1 schema: " + e.getMessage(), e);
        }
    }
}
