package dev.agentdb.postgres.internal;

import dev.agentdb.AgentDBConfig;
import dev.agentdb.InvalidInputException;
import dev.agentdb.sql.jdbc.ServerUrl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * A parsed PostgreSQL URL. Accepted forms:
 * <ul>
 *   <li>{@code postgresql://user:password@host:port/database?sslmode=require&schema=agent}</li>
 *   <li>{@code postgres://...} (the Supabase / Neon / Heroku spelling), same shape</li>
 *   <li>{@code jdbc:postgresql://host:port/database?user=u&password=p&schema=agent}</li>
 * </ul>
 * User and password may appear in the authority (percent-encoded) or as {@code user}/{@code password}
 * query parameters. {@code schema} (default {@code public}) names the schema holding AgentDB's tables
 * and is consumed here; every other query parameter ({@code sslmode}, {@code sslrootcert},
 * {@code prepareThreshold}, ...) is passed to the PostgreSQL JDBC driver as a connection property;
 * pgJDBC's {@code readOnly=true} also makes the adapter read-only ({@link #readOnly()}).
 * The host part is kept as written (several {@code host:port} pairs and {@code [IPv6]} literals work);
 * the port defaults to 5432.
 *
 * @param jdbcUrl the driver URL without user, password or parameters, e.g. {@code jdbc:postgresql://h:5432/db}
 * @param user the user name, or null for the driver's default
 * @param password the password, or null
 * @param schema the AgentDB schema, a plain identifier
 * @param properties the other query parameters, in order (unmodifiable)
 * @param redacted the original URL with the password replaced by {@code ***}, for messages
 */
public record PostgresUrl(String jdbcUrl, String user, String password, String schema, Map<String, String> properties,
                          String redacted) {

    /** The schema used when the URL names none. */
    public static final String DEFAULT_SCHEMA = "public";
    /** The port used when the URL names none. */
    public static final int DEFAULT_PORT = 5432;

    private static final Pattern SCHEMA_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    /**
     * Copies the properties into an unmodifiable map.
     *
     * @param jdbcUrl the driver URL
     * @param user the user, or null
     * @param password the password, or null
     * @param schema the AgentDB schema
     * @param properties the driver parameters
     * @param redacted the URL with its password masked
     */
    public PostgresUrl {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /**
     * @param url a URL in one of the accepted forms
     * @return whether its scheme is one of {@code postgresql:}, {@code postgres:}, {@code jdbc:postgresql:}
     */
    public static boolean isPostgresUrl(String url) {
        if (url == null) {
            return false;
        }
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("postgresql:") || lower.startsWith("postgres:") || lower.startsWith("jdbc:postgresql:");
    }

    /**
     * Parses a URL.
     *
     * @param url the URL; never null
     * @return the parsed form
     * @throws InvalidInputException naming {@code url} (password redacted) when the scheme is not
     *         PostgreSQL's, the {@code //host} part is missing, a percent escape is malformed, or
     *         {@code schema} is not a plain identifier
     */
    public static PostgresUrl parse(String url) {
        String redacted = AgentDBConfig.redact(url);
        String expected = "; expected postgresql://user:password@host:5432/database";
        if (!isPostgresUrl(url)) {
            throw new InvalidInputException("url", "'" + redacted + "' is not a PostgreSQL URL" + expected);
        }
        ServerUrl parts = ServerUrl.parse(url, redacted, DEFAULT_PORT, true, expected);
        Map<String, String> props = new LinkedHashMap<>(parts.parameters());
        String schema = props.containsKey("schema") ? props.remove("schema") : DEFAULT_SCHEMA;
        if (!SCHEMA_NAME.matcher(schema).matches()) {
            throw new InvalidInputException("url", "'" + redacted + "': schema '" + schema
                    + "' is not a plain identifier (a letter or '_' followed by up to 62 letters, digits or '_')");
        }
        return new PostgresUrl(parts.jdbcUrl("jdbc:postgresql", ""), parts.user(), parts.password(), schema, props, redacted);
    }

    /**
     * @return the driver properties: user, password and the passed-through parameters
     */
    public Properties driverProperties() {
        return ServerUrl.driverProperties(properties, user, password);
    }


    /**
     * @return whether the URL passes pgJDBC's {@code readOnly=true}: the adapter is then read-only as
     *         with {@link AgentDBConfig#readOnly()}
     */
    public boolean readOnly() {
        return "true".equalsIgnoreCase(properties.get("readOnly"));
    }

    @Override
    public String toString() {
        return "PostgresUrl[" + redacted + ", schema=" + schema + "]";
    }
}
