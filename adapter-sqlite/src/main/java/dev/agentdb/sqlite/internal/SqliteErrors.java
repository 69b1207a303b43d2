package dev.agentdb.sqlite.internal;

import dev.agentdb.AgentDBException;
import dev.agentdb.BackendUnavailableException;
import dev.agentdb.ConflictException;
import dev.agentdb.ReadOnlyException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.sql.SQLException;

/** Maps driver errors to the AgentDB exception hierarchy. Not API. */
public final class SqliteErrors {
    private SqliteErrors() {
    }

    /**
     * @param e a driver error
     * @return whether it is a PRIMARY KEY or UNIQUE violation
     */
    public static boolean isUniqueViolation(SQLException e) {
        if (e instanceof SQLiteException) {
            SQLiteErrorCode code = ((SQLiteException) e).getResultCode();
            return code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY || code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE;
        }
        return false;
    }

    /**
     * @param e a driver error
     * @param what what was being done, e.g. {@code "insert into 'docs'"}
     * @return the exception to throw: busy/locked become {@link BackendUnavailableException},
     *         constraint violations {@link ConflictException}, a write to a read-only database
     *         ({@code SQLITE_READONLY}) {@link ReadOnlyException}, anything else {@link AgentDBException}
     */
    public static AgentDBException translate(SQLException e, String what) {
        if (e instanceof SQLiteException) {
            SQLiteErrorCode code = ((SQLiteException) e).getResultCode();
            String name = code == null ? "" : code.name();
            if (name.startsWith("SQLITE_BUSY") || name.startsWith("SQLITE_LOCKED")) {
                return new BackendUnavailableException(what + ": the database is locked by another connection or process ("
                        + e.getMessage() + "); raise busyTimeoutMs or retry", e);
            }
            if (name.equals("SQLITE_READONLY")) { // the other SQLITE_READONLY_* codes say the file cannot be opened
                return new ReadOnlyException(what, "the SQLite database is read-only (" + e.getMessage() + "); nothing was written",
                        e);
            }
            if (name.startsWith("SQLITE_CONSTRAINT")) {
                return new ConflictException(what + ": " + e.getMessage(), e);
            }
            if (name.startsWith("SQLITE_CANTOPEN") || name.startsWith("SQLITE_NOTADB") || name.startsWith("SQLITE_CORRUPT")
                    || name.startsWith("SQLITE_IOERR") || name.startsWith("SQLITE_FULL") || name.startsWith("SQLITE_READONLY")) {
                return new BackendUnavailableException(what + ": " + e.getMessage(), e);
            }
        }
        return new AgentDBException(what + ": " + e.getMessage(), e);
    }
}
