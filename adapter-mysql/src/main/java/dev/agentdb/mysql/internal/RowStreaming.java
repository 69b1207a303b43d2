package dev.agentdb.mysql.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Makes a statement stream its rows instead of buffering the whole result in memory (a scan of a
 * large collection's embeddings would not fit). The two drivers ask for it differently: MySQL
 * Connector/J streams row by row when the fetch size is {@link Integer#MIN_VALUE} (a positive one
 * needs server-side cursors); MariaDB Connector/J refuses that value and streams with any positive
 * fetch size, {@value #MARIADB_FETCH_ROWS} rows a round here. Not API.
 */
public final class RowStreaming {
    /** Rows MariaDB Connector/J reads per round of a streamed result. */
    static final int MARIADB_FETCH_ROWS = 256;

    private RowStreaming() {
    }

    /**
     * @param ps a forward-only, read-only statement of a MySQL Connector/J or MariaDB Connector/J connection
     * @throws SQLException from the driver
     */
    public static void stream(PreparedStatement ps) throws SQLException {
        boolean mariadbDriver = ps.getConnection().getMetaData().getDriverName().startsWith("MariaDB");
        ps.setFetchSize(mariadbDriver ? MARIADB_FETCH_ROWS : Integer.MIN_VALUE);
    }
}
