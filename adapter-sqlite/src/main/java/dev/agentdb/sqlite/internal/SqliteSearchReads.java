package dev.agentdb.sqlite.internal;

import dev.agentdb.engine.NodeMap;
import dev.agentdb.engine.SearchReads;
import dev.agentdb.engine.StoredRow;
import dev.agentdb.engine.VectorRows;
import dev.agentdb.filter.Filter;
import dev.agentdb.internal.VectorCodec;
import dev.agentdb.sqlite.SqliteFilterTranslator;
import dev.agentdb.sql.SqlFragment;
import dev.agentdb.sql.jdbc.JdbcBinder;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One search's reads of a collection table on one connection. Result rows are read by
 * {@code rowid} (the table's own B-tree: no index lookup, no string comparison) with one statement,
 * so each is one version of its row; with a filter, the statement applies it again, so a row that
 * stopped matching since the accepted ids were read is not returned. Statements come from the
 * connection's {@link StatementCache}, one per number of rows read (padding the list with repeated
 * keys measured slower: SQLite looks each one up). Not thread-safe. Not API.
 */
public final class SqliteSearchReads implements SearchReads {
    private final StatementCache statements;
    private final Connection c;
    private final CollectionTable table;
    private final SqliteFilterTranslator filters;

    /**
     * @param c the connection the search reads on
     * @param statements that connection's statement cache
     * @param table the collection table
     * @param filters the filter translator for {@code t.metadata}
     */
    public SqliteSearchReads(Connection c, StatementCache statements, CollectionTable table, SqliteFilterTranslator filters) {
        this.c = c;
        this.statements = statements;
        this.table = table;
        this.filters = filters;
    }

    @Override
    public void matchingIds(Filter filter, Consumer<String> ids) {
        SqlFragment where = filters.translate(filter);
        try (PreparedStatement ps = c.prepareStatement("SELECT t.id FROM " + table.quoted() + " t WHERE " + where.sql())) {
            JdbcBinder.bindAll(ps, 1, where.params());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.accept(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, "filter '" + table.name() + "'");
        }
    }

    @Override
    public List<StoredRow> fetch(String[] ids, long[] keys, int count, Filter filter, boolean withEmbeddings) {
        boolean byRowid = true;
        for (int i = 0; i < count && byRowid; i++) {
            byRowid = keys[i] != NodeMap.NO_KEY;
        }
        SqlFragment where = filter == null ? null : filters.translate(filter);
        String sql = table.selectHits(byRowid, count, withEmbeddings, where == null ? null : where.sql());
        List<StoredRow> out = new ArrayList<>(count);
        try {
            PreparedStatement ps = statements.prepare(sql);
            for (int i = 0; i < count; i++) {
                if (byRowid) {
                    ps.setLong(i + 1, keys[i]);
                } else {
                    ps.setString(i + 1, ids[i]);
                }
            }
            if (where != null) {
                JdbcBinder.bindAll(ps, count + 1, where.params());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byte[] blob = withEmbeddings ? rs.getBytes(2) : null;
                    out.add(StoredRow.ofJson(rs.getString(1), blob == null ? null : VectorCodec.decode(blob), rs.getString(3),
                            rs.getString(4)));
                }
            }
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, "read search hits of '" + table.name() + "'");
        }
        return out;
    }

    @Override
    public void scan(Filter filter, int dimension, VectorRows.Sink sink) {
        SqlFragment where = filter == null ? null : filters.translate(filter);
        int bytes = dimension * Float.BYTES;
        float[] vector = new float[dimension]; // reused: the sink copies what it keeps
        try (PreparedStatement ps = c.prepareStatement(table.selectVectors(where == null ? null : where.sql()))) {
            if (where != null) {
                JdbcBinder.bindAll(ps, 1, where.params());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byte[] blob = rs.getBytes(3);
                    if (blob != null && blob.length == bytes) {
                        sink.row(rs.getLong(1), rs.getString(2), VectorCodec.decode(blob, vector));
                    }
                }
            }
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, "exact search of '" + table.name() + "'");
        }
    }
}
