package dev.agentdb.sql.jdbc;

import dev.agentdb.Beta;

import java.sql.SQLException;

/**
 * A backend's mapping of driver errors to the AgentDB exception hierarchy (SQLState or vendor codes
 * to {@code ConflictException}, {@code BackendUnavailableException}, ...). A {@link JdbcSession}
 * calls it once for every {@link SQLException} its work, its {@code BEGIN}/{@code COMMIT} or its
 * savepoints raise.
 */
@Beta
@FunctionalInterface
public interface SqlErrorTranslator {
    /**
     * @param e the driver's error
     * @param subject what the failed work was about, as the caller of the session gave it: a
     *                collection name, a description such as {@code "insert into 'docs'"}, or null
     * @return the exception to throw (not thrown here); its cause should be {@code e}
     */
    RuntimeException translate(SQLException e, String subject);
}
