package dev.agentdb.d1.internal;

import dev.agentdb.engine.NodeMap;
import dev.agentdb.engine.VectorRows;

import java.sql.SQLException;
import java.util.List;

/**
 * A collection's records for a graph load or rebuild, read from D1 in rowid (insertion) order, a page of
 * {@value #PAGE_ROWS} per request; row keys are not used ({@link NodeMap#NO_KEY}: D1 writes do not return
 * rowids before the batch runs, so searches read rows by id). Not API.
 */
public final class D1VectorRows implements VectorRows {
    /** Records read per request. */
    public static final int PAGE_ROWS = 2_000;

    private final D1Executor reads;
    private final D1Table table;

    /**
     * @param client the database
     * @param table the collection table
     */
    public D1VectorRows(D1Client client, D1Table table) {
        this.reads = D1Executor.direct(client);
        this.table = table;
    }

    @Override
    public long scan(int dimension, Sink sink) {
        long after = Long.MIN_VALUE;
        long skipped = 0;
        int bytes = dimension * Float.BYTES;
        try {
            while (true) {
                D1Result r = reads.run("SELECT t.rowid, t.id, hex(t.embedding) FROM " + table.quoted() + " t WHERE t.rowid > ? "
                        + "ORDER BY t.rowid LIMIT ?", List.of(after, PAGE_ROWS));
                D1Row row = new D1Row(r.columns());
                for (List<Object> values : r.rows()) {
                    row.at(values);
                    after = row.int64(1);
                    byte[] blob = row.bytes(3);
                    if (blob == null || blob.length != bytes) {
                        skipped++;
                        continue;
                    }
                    sink.rowLittleEndian(NodeMap.NO_KEY, row.text(2), blob);
                }
                if (r.rows().size() < PAGE_ROWS) {
                    return skipped;
                }
            }
        } catch (SQLException e) {
            throw e instanceof D1Exception d ? D1Errors.translate(d, "read the vectors of '" + table.name() + "'", "")
                    : new dev.agentdb.AgentDBException("cannot read the vectors of '" + table.name() + "': " + e, e);
        }
    }
}
