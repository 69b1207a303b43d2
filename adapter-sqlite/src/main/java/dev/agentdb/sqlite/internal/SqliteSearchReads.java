package dev.agentdb.sqlite.internal;

import dev.agentdb.engine.NodeMap;
import dev.agentdb.engine.SearchReads;
import dev.agentdb.engine.StoredRow;
import dev.agentdb.engine.VectorRows;
import dev.agentdb.filter.Filter;
import dev.agentdb.internal.VectorCodec;
import dev.agentdb.sqlite.SqliteFilterTranslator;
import dev.agentdb.spi.SqlFragment;

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
 * connection's {@link StatementCache}; the number of placeholders is rounded up to a power of two
 * (unused ones repeat the first key), so a handful of shapes serve every k. Not thread-safe. Not API.
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
            SqliteBinder.bind(ps, where.params(), 1);
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
        int slots = Math.max(4, Integer.highestOneBit(Math.max(1, count - 1)) << 1);
        SqlFragment where = filter == null ? null : filters.translate(filter);
        String sql = table.selectHits(byRowid, slots, withEmbeddings, where == null ? null : where.sql());
        List<StoredRow> out = new ArrayList<>(count);
        try {
            PreparedStatement ps = statements.prepare(sql);
            for (int i = 0; i < slots; i++) {
                int at = i < count ? i : 0;
                if (byRowid) {
                    ps.setLong(i + 1, keys[at]);
                } else {
                    ps.setString(i + 1, ids[at]);
                }
            }
            if (where != null) {
                SqliteBinder.bind(ps, where.params(), slots + 1);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byte[] blob = withEmbeddings ? rs.getBytes(3) : null;
                    out.add(StoredRow.ofJson(rs.getLong(1), rs.getString(2), blob == null ? null : VectorCodec.decode(blob),
                            rs.getString(4), rs.getString(5)));
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
        try (PreparedStatement ps = c.prepareStatement(table.selectVectors(where == null ? null : where.sql()))) {
            if (where != null) {
                SqliteBinder.bind(ps, where.params(), 1);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byte[] blob = rs.getBytes(3);
                    if (blob != null && blob.length == bytes) {
                        sink.row(rs.getLong(1), rs.getString(2), VectorCodec.decode(blob));
                    }
                }
            }
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, "exact search of '" + table.name() + "'");
        }
    }
}
