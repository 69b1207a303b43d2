package dev.agentdb.sql.jdbc;

import dev.agentdb.AgentDBConfig;
import dev.agentdb.InvalidInputException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The parts of a server database URL, {@code scheme://user:password@hosts/database?key=value&...}
 * (also with a {@code jdbc:} prefix), as the JDBC adapters accept them: user and password from the
 * authority or from {@code user}/{@code password} parameters, percent-decoded; the hosts kept as
 * written ({@code [IPv6]} literals, several hosts for failover), {@code localhost} when empty, with
 * the default port added to a single host without one; every other parameter in order. Adapters
 * check the scheme and their own parameters and build the driver URL with {@link #jdbcUrl}.
 *
 * @param hosts the host part, with a port where one host is named
 * @param database the percent-decoded path (the database), empty when the URL names none
 * @param user the user, or null when none or empty
 * @param password the password, or null
 * @param parameters the other query parameters in order (unmodifiable)
 */
public record ServerUrl(String hosts, String database, String user, String password, Map<String, String> parameters) {

    /**
     * Copies the parameters into an unmodifiable map.
     *
     * @param hosts the host part
     * @param database the database
     * @param user the user, or null
     * @param password the password, or null
     * @param parameters the other parameters
     */
    public ServerUrl {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /**
     * Splits a URL whose scheme the caller has checked.
     *
     * @param url the URL; not null
     * @param redacted the URL with its password masked, for messages
     * @param defaultPort the port added to a single host named without one
     * @param stripFragment whether a {@code #fragment} after the path (in a URL without a query) is dropped
     * @param expected the form expected, appended to messages (e.g. {@code "; expected mysql://..."})
     * @return the parts
     * @throws InvalidInputException naming {@code url} (redacted) when the {@code //host} part is missing
     *         or a percent escape is malformed
     */
    public static ServerUrl parse(String url, String redacted, int defaultPort, boolean stripFragment, String expected) {
        String rest = url.substring(url.toLowerCase(Locale.ROOT).startsWith("jdbc:") ? 5 : 0);
        rest = rest.substring(rest.indexOf(':') + 1);
        if (!rest.startsWith("//")) {
            throw new InvalidInputException("url", "'" + redacted + "' has no //host part" + expected);
        }
        rest = rest.substring(2);
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        int fragment = stripFragment && query == null ? rest.indexOf('#') : -1;
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
            hosts = hosts + ":" + defaultPort;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq), redacted);
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1), redacted);
                switch (key) {
                    case "user": user = value; break;
                    case "password": password = value; break;
                    default: parameters.put(key, value);
                }
            }
        }
        return new ServerUrl(hosts, database, user == null || user.isEmpty() ? null : user, password, parameters);
    }

    /**
     * @param driverScheme the driver's scheme, e.g. {@code jdbc:postgresql}
     * @param extraSafe characters besides ASCII letters, digits, {@code _ - .} kept as they are in the
     *                  database name (others are percent-encoded)
     * @return the driver URL without user, password or parameters, e.g. {@code jdbc:postgresql://h:5432/db}
     */
    public String jdbcUrl(String driverScheme, String extraSafe) {
        StringBuilder b = new StringBuilder(driverScheme).append("://").append(hosts).append('/');
        for (byte x : database.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == '-' || c == '.' || extraSafe.indexOf(c) >= 0) {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c));
            }
        }
        return b.toString();
    }

    /**
     * @param parameters the driver parameters to pass
     * @param user the user, or null
     * @param password the password, or null
     * @return driver properties: the parameters, then user and password where set
     */
    public static Properties driverProperties(Map<String, String> parameters, String user, String password) {
        Properties p = new Properties();
        parameters.forEach(p::setProperty);
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        return p;
    }

    /**
     * Masks credentials in a driver's message before it reaches an exception or a log.
     *
     * @param message a driver message, may be null
     * @param password the connection's password, or null
     * @return the message with the credentials of URLs in it ({@link AgentDBConfig#redact}) and the
     *         password replaced by {@code ***}; {@code "(no message)"} for null
     */
    public static String redact(String message, String password) {
        if (message == null) {
            return "(no message)";
        }
        String out = AgentDBConfig.redact(message);
        if (password != null && !password.isEmpty()) {
            out = out.replace(password, "***");
        }
        return out;
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
}
