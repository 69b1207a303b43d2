package dev.agentdb.d1.internal;

import dev.agentdb.AgentDBException;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The write statements of one operation, sent as one D1 {@code batch} (D1 runs a batch as one
 * transaction: all of it or nothing), guarded against other writers and made safe to resend.
 *
 * <h2>The guard and the resume rule</h2>
 * Every batch is keyed (a collection name, or a reserved key such as {@code agentdb_schema}) and starts with:
 * <pre>
 * INSERT INTO agentdb_index_versions (collection, version, writer) VALUES (key, 0, '') ON CONFLICT DO NOTHING
 * UPDATE agentdb_index_versions SET version = version + 1, writer = :token WHERE collection = key AND version = :expected
 * INSERT INTO agentdb_write_guard (ok) VALUES (changes())   -- CHECK (ok = 1): fails unless the UPDATE matched
 * DELETE FROM agentdb_write_guard
 * </pre>
 * where {@code :expected} is the version the writer read before the reads its statements depend on, and
 * {@code :token} a random id of this attempt. So a batch applies only if no other writer (another process,
 * another handle) committed to the same key since it was read; otherwise D1 rolls it back whole and
 * {@link #commit} throws {@link Conflict} (the caller reloads and tries again).
 *
 * <p>When the outcome of a send is unknown (connection dropped after sending, timeout, 5xx), the version row
 * tells: {@code writer = :token} means it committed; {@code version = :expected} means it did not, and it is
 * sent again (still guarded, so it can never apply twice); anything else means another writer came first:
 * {@link Conflict}. Not thread-safe.
 */
public final class D1Batch {
    /** The key of schema migrations. */
    public static final String SCHEMA_KEY = "agentdb_schema";
    /** How many times a batch whose outcome was unknown and that did not apply is sent again. */
    public static final int MAX_RESENDS = 5;

    private final String key;
    private final List<D1Statement> statements = new ArrayList<>();
    private long bytes;

    /** Another writer committed to the batch's key since it was read: nothing of the batch was applied. */
    public static final class Conflict extends AgentDBException {
        private static final long serialVersionUID = 1L;

        /** @param message what happened */
        public Conflict(String message) {
            super(message);
        }
    }

    /**
     * @param key the collection (or reserved key) whose version guards the batch; not null
     */
    public D1Batch(String key) {
        this.key = key;
    }

    /** @return the guarded key */
    public String key() {
        return key;
    }

    /**
     * Adds a statement (checked against D1's limits now).
     *
     * @param sql one statement with {@code ?} placeholders
     * @param params its Java values
     * @throws dev.agentdb.InvalidInputException when it breaks one of D1's limits
     */
    public void add(String sql, List<?> params) {
        D1Statement s = D1Params.preparePacked(sql, params);
        statements.add(s);
        bytes += s.sql().length() + 16;
        for (Object p : s.params()) {
            bytes += p instanceof String str ? str.length() + 2 : 8;
        }
    }

    /** @return whether no statement was added */
    public boolean isEmpty() {
        return statements.isEmpty();
    }

    /** @return an estimate of the request body's size, in bytes */
    public long bytes() {
        return bytes;
    }

    /** @return how many statements were added (guard excluded) */
    public int size() {
        return statements.size();
    }

    /**
     * Reads the version of a key (0 when it was never written).
     *
     * @param client the database
     * @param key the key
     * @return its version
     * @throws SQLException when D1 refuses
     */
    public static long version(D1Client client, String key) throws SQLException {
        return state(client, key).version;
    }

    private record VersionRow(long version, String writer) {
    }

    private static VersionRow state(D1Client client, String key) throws SQLException {
        D1Result r = client.run(List.of(D1Params.prepare("SELECT version, writer FROM agentdb_index_versions WHERE collection = ?",
                List.of(key))), true).get(0);
        if (r.rows().isEmpty()) {
            return new VersionRow(0, "");
        }
        D1Row row = new D1Row(r.columns()).at(r.rows().get(0));
        return new VersionRow(row.int64(1), row.text(2));
    }

    /**
     * Sends the batch, guarded (see the class comment).
     *
     * @param client the database
     * @param expected the key's version read before the reads this batch depends on
     * @return the key's version after the batch ({@code expected + 1})
     * @throws Conflict when another writer committed to the key since {@code expected}; nothing was applied
     * @throws D1Exception when D1 refuses a statement (nothing was applied), or the outcome stays unknown
     * @throws SQLException when the version cannot be read back
     */
    public long commit(D1Client client, long expected) throws SQLException {
        String token = UUID.randomUUID().toString();
        List<D1Statement> all = new ArrayList<>(statements.size() + 4);
        all.add(D1Params.prepare("INSERT INTO agentdb_index_versions (collection, version, writer) VALUES (?, 0, '') "
                + "ON CONFLICT (collection) DO NOTHING", List.of(key)));
        all.add(D1Params.prepare("UPDATE agentdb_index_versions SET version = version + 1, writer = ? WHERE collection = ? AND version = ?",
                List.of(token, key, expected)));
        all.add(D1Params.prepare("INSERT INTO agentdb_write_guard (ok) VALUES (changes())", List.of()));
        all.add(D1Params.prepare("DELETE FROM agentdb_write_guard", List.of()));
        all.addAll(statements);
        for (int resend = 0; ; resend++) {
            try {
                client.run(all, false);
                return expected + 1;
            } catch (D1Exception e) {
                if (D1Errors.isGuardRefusal(e)) {
                    throw new Conflict("another writer changed '" + key + "' since version " + expected + " was read");
                }
                if (!e.ambiguous()) {
                    throw e;
                }
                VersionRow now = state(client, key);
                if (token.equals(now.writer())) {
                    return now.version();
                }
                if (now.version() != expected) {
                    throw new Conflict("another writer changed '" + key + "' while this batch's outcome was unknown");
                }
                if (resend >= MAX_RESENDS) {
                    throw e;
                }
            }
        }
    }
}
