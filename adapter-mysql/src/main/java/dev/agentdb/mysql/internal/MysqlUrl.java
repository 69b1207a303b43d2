package dev.agentdb.mysql.internal;

import dev.agentdb.AgentDBConfig;
import dev.agentdb.InvalidInputException;
import dev.agentdb.sql.jdbc.ServerUrl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A parsed MySQL or MariaDB URL. Accepted forms:
 * <ul>
 *   <li>{@code mysql://user:password@host:port/database?param=value}</li>
 *   <li>{@code mariadb://...}, the same shape</li>
 *   <li>{@code jdbc:mysql://...} and {@code jdbc:mariadb://...} with user and password in the
 *       authority or as {@code user}/{@code password} parameters</li>
 * </ul>
 * The database is required (AgentDB's tables live in it). User and password are percent-decoded;
 * every query parameter goes to MySQL Connector/J as a connection property ({@code sslMode},
 * {@code allowPublicKeyRetrieval}, {@code createDatabaseIfNotExist}, ...). The host part is kept
 * as written ({@code [IPv6]} literals, several hosts for failover); the port defaults to 3306. Both
 * families are reached with Connector/J: the scheme names what the user expects, the server's own
 * {@code VERSION()} decides (see {@code MysqlSetup}).
 *
 * @param jdbcUrl the Connector/J URL without user, password or parameters, e.g. {@code jdbc:mysql://h:3306/db}
 * @param database the database name
 * @param user the user name, or null for the driver's default
 * @param password the password, or null
 * @param properties the query parameters, in order (unmodifiable)
 * @param redacted the original URL with the password replaced by {@code ***}, for messages
 */
public record MysqlUrl(String jdbcUrl, String database, String user, String password, Map<String, String> properties,
                       String redacted) {
    /** The port used when the URL names none. */
    public static final int DEFAULT_PORT = 3306;

    /**
     * Copies the properties into an unmodifiable map.
     *
     * @param jdbcUrl the driver URL
     * @param database the database
     * @param user the user, or null
     * @param password the password, or null
     * @param properties the driver parameters
     * @param redacted the URL with its password masked
     */
    public MysqlUrl {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /**
     * @param url a URL, may be null
     * @return whether its scheme is {@code mysql:}, {@code mariadb:}, {@code jdbc:mysql:} or {@code jdbc:mariadb:}
     */
    public static boolean isMysqlUrl(String url) {
        if (url == null) {
            return false;
        }
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("mysql:") || lower.startsWith("mariadb:") || lower.startsWith("jdbc:mysql:")
                || lower.startsWith("jdbc:mariadb:");
    }

    /**
     * Parses a URL.
     *
     * @param url the URL; never null
     * @return the parsed form
     * @throws InvalidInputException naming {@code url} (password redacted) when the scheme is not a
     *         MySQL one, the {@code //host} part or the database is missing, or a percent escape is malformed
     */
    public static MysqlUrl parse(String url) {
        String redacted = AgentDBConfig.redact(url);
        String expected = "; expected mysql://user:password@host:3306/database (or mariadb://...)";
        if (!isMysqlUrl(url)) {
            throw new InvalidInputException("url", "'" + redacted + "' is not a MySQL or MariaDB URL" + expected);
        }
        ServerUrl parts = ServerUrl.parse(url, redacted, DEFAULT_PORT, false, expected);
        if (parts.database().isEmpty()) {
            throw new InvalidInputException("url", "'" + redacted + "' names no database" + expected);
        }
        boolean mariadb = url.regionMatches(true, 0, "mariadb:", 0, 8) || url.regionMatches(true, 0, "jdbc:mariadb:", 0, 13);
        return new MysqlUrl(parts.jdbcUrl(mariadb ? "jdbc:mariadb" : "jdbc:mysql", "$"), parts.database(), parts.user(), parts.password(), parts.parameters(),
                redacted);
    }

    /**
     * @return whether the URL is a MariaDB one ({@code mariadb:} or {@code jdbc:mariadb:}), reached with
     *         MariaDB Connector/J; else MySQL Connector/J
     */
    public boolean mariadbDriver() {
        return jdbcUrl.startsWith("jdbc:mariadb:");
    }

    /** @return the class name of the JDBC driver for {@link #jdbcUrl()} */
    public String driverClassName() {
        return mariadbDriver() ? "org.mariadb.jdbc.Driver" : "com.mysql.cj.jdbc.Driver";
    }

    /** @return the driver properties: user, password and the passed-through parameters */
    public Properties driverProperties() {
        return ServerUrl.driverProperties(properties, user, password);
    }


    /** @return the redacted URL, never the password */
    @Override
    public String toString() {
        return "MysqlUrl[" + redacted + "]";
    }
}
