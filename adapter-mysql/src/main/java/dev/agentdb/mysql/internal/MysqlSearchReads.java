package dev.agentdb.mysql.internal;

import dev.agentdb.engine.NodeMap;
import dev.agentdb.engine.SearchReads;
import dev.agentdb.engine.StoredRow;
import dev.agentdb.engine.VectorRows;
import dev.agentdb.filter.Filter;
import dev.agentdb.internal.VectorCodec;
import dev.agentdb.mysql.MysqlFilterTranslator;
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
 * One search's reads of a collection table on one connection. Result rows are read by id (the
 * clustered primary key) in one statement, so each is one version of its row; with a filter, the
 * statement applies it again ({@link MysqlTable#where}, deep rows tested in Java on the same
 * read), so a row that stopped matching since the accepted ids were read is not returned. Not
 * thread-safe. Not API.
 */
public final class MysqlSearchReads implements SearchReads {
    private final Connection c;
    private final MysqlTable table;
    private final MysqlFilterTranslator filters;
    private final MysqlErrors errors;

    /**
     * @param c the connection the search reads on
     * @param table the collection table
     * @param filters the filter translator for {@code t.metadata}
     * @param errors translates driver errors
     */
    public MysqlSearchReads(Connection c, MysqlTable table, MysqlFilterTranslator filters, MysqlErrors errors) {
        this.c = c;
        this.table = table;
        this.filters = filters;
        this.errors = errors;
    }

    @Override
    public void matchingIds(Filter filter, Consumer<String> ids) {
        SqlFragment where = MysqlTable.where(filters, filter);
        try (PreparedStatement ps = c.prepareStatement("SELECT t.id, t.deep, CASE WHEN t.deep = 1 THEN t.metadata END FROM "
                + table.quoted() + " t WHERE " + where.sql())) {
            JdbcBinder.bindAll(ps, 1, where.params());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (MysqlTable.matches(filter, rs.getInt(2) != 0, rs.getString(3))) {
                        ids.accept(rs.getString(1));
                    }
                }
            }
        } catch (SQLException e) {
            throw errors.translate(e, "filter '" + table.name() + "'");
        }
    }

    @Override
    public List<StoredRow> fetch(String[] ids, long[] keys, int count, Filter filter, boolean withEmbeddings) {
        SqlFragment where = filter == null ? null : MysqlTable.where(filters, filter);
        StringBuilder sql = new StringBuilder(96 + count * 3).append("SELECT t.id, ").append(withEmbeddings ? table.embedding() : "NULL")
                .append(", t.metadata, t.text, t.deep FROM ").append(table.quoted()).append(" t WHERE t.id IN (?");
        for (int i = 1; i < count; i++) {
            sql.append(", ?");
        }
        sql.append(')');
        if (where != null) {
            sql.append(" AND ").append(where.sql());
        }
        List<StoredRow> out = new ArrayList<>(count);
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < count; i++) {
                ps.setString(i + 1, ids[i]);
            }
            if (where != null) {
                JdbcBinder.bindAll(ps, count + 1, where.params());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String metadata = rs.getString(3);
                    if (!MysqlTable.matches(filter, rs.getInt(5) != 0, metadata)) {
                        continue;
                    }
                    byte[] blob = withEmbeddings ? rs.getBytes(2) : null;
                    out.add(StoredRow.ofJson(rs.getString(1), blob == null ? null : VectorCodec.decode(blob), metadata, rs.getString(4)));
                }
            }
        } catch (SQLException e) {
            throw errors.translate(e, "read search hits of '" + table.name() + "'");
        }
        return out;
    }

    @Override
    public void scan(Filter filter, int dimension, VectorRows.Sink sink) {
        SqlFragment where = filter == null ? null : MysqlTable.where(filters, filter);
        int bytes = dimension * Float.BYTES;
        float[] vector = new float[dimension]; // reused: the sink copies what it keeps
        String sql = "SELECT t.id, " + table.embedding() + ", t.deep, CASE WHEN t.deep = 1 THEN t.metadata END FROM " + table.quoted() + " t"
                + (where == null ? "" : " WHERE " + where.sql());
        try (PreparedStatement ps = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            RowStreaming.stream(ps);
            if (where != null) {
                JdbcBinder.bindAll(ps, 1, where.params());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byte[] blob = rs.getBytes(2);
                    if (blob != null && blob.length == bytes && MysqlTable.matches(filter, rs.getInt(3) != 0, rs.getString(4))) {
                        sink.row(NodeMap.NO_KEY, rs.getString(1), VectorCodec.decode(blob, vector));
                    }
                }
            }
        } catch (SQLException e) {
            throw errors.translate(e, "exact search of '" + table.name() + "'");
        }
    }
}
