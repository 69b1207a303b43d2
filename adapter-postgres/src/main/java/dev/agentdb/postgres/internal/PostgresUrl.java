package dev.agentdb.postgres.internal;

import dev.agentdb.AgentDBConfig;
import dev.agentdb.InvalidInputException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
        if (!isPostgresUrl(url)) {
            throw new InvalidInputException("url", "'" + redacted + "' is not a PostgreSQL URL; expected postgresql://user:password@host:5432/database");
        }
        String rest = url.substring(url.toLowerCase(Locale.ROOT).startsWith("jdbc:") ? 5 : 0);
        rest = rest.substring(rest.indexOf(':') + 1);
        if (!rest.startsWith("//")) {
            throw new InvalidInputException("url", "'" + redacted + "' has no //host part; expected postgresql://user:password@host:5432/database");
        }
        rest = rest.substring(2);
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        int fragment = query == null ? rest.indexOf('#') : -1;
        if (fragment >= 0) {
            rest = rest.substring(0, fragment);
        }
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), redacted);
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1), redacted);
        }
        int slash = rest.indexOf('/');
        String hosts = slash < 0 ? rest : rest.substring(0, slash);
        String database = slash < 0 ? "" : decode(rest.substring(slash + 1), redacted);
        if (hosts.isEmpty()) {
            hosts = "localhost";
        }
        if (!hosts.contains(",") && !hasPort(hosts)) {
            hosts = hosts + ":" + DEFAULT_PORT;
        }
        Map<String, String> props = new LinkedHashMap<>();
        String schema = DEFAULT_SCHEMA;
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq), redacted);
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1), redacted);
                switch (key) {
                    case "schema": schema = value; break;
                    case "user": user = value; break;
                    case "password": password = value; break;
                    default: props.put(key, value);
                }
            }
        }
        if (!SCHEMA_NAME.matcher(schema).matches()) {
            throw new InvalidInputException("url", "'" + redacted + "': schema '" + schema
                    + "' is not a plain identifier (a letter or '_' followed by up to 62 letters, digits or '_')");
        }
        String jdbc = "jdbc:postgresql://" + hosts + "/" + encodePath(database);
        return new PostgresUrl(jdbc, emptyToNull(user), password, schema, props, redacted);
    }

    /**
     * @return the driver properties: user, password and the passed-through parameters
     */
    public Properties driverProperties() {
        Properties p = new Properties();
        properties.forEach(p::setProperty);
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        return p;
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

    private static boolean hasPort(String host) {
        if (host.startsWith("[")) {
            return host.contains("]:");
        }
        return host.indexOf(':') >= 0;
    }

    private static String decode(String s, String redacted) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("url", "'" + redacted + "' has a malformed percent escape", e);
        }
    }

    private static String encodePath(String database) {
        StringBuilder b = new StringBuilder();
        for (byte x : database.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == '-' || c == '.') {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c));
            }
        }
        return b.toString();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
