package dev.agentdb.d1.internal;

import dev.agentdb.AgentDBConfig;
import dev.agentdb.InvalidInputException;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A D1 URL: {@code d1://ACCOUNT_ID/DATABASE_ID[?endpoint=URL][&token=TOKEN]}. The endpoint is the API
 * base ({@value #DEFAULT_ENDPOINT} by default; {@code http://127.0.0.1:PORT} for the emulator). The API
 * token comes from, in this order: {@code ?token=}, the config property {@value #TOKEN_PROPERTY}, the
 * environment variable {@value #TOKEN_VARIABLE}. The token is never part of {@link #redacted()} or
 * {@link #toString()}; {@link #tokenSource()} names where it came from, for error messages. Not API.
 *
 * @param account the account id; not blank
 * @param database the database id (a UUID on Cloudflare); not blank
 * @param endpoint the API base without a trailing slash
 * @param token the API token, or null when none was given
 * @param tokenSource where the token came from (e.g. {@code the CLOUDFLARE_API_TOKEN environment variable}), or
 *                    a sentence saying that none was found
 */
public record D1Url(String account, String database, URI endpoint, String token, String tokenSource) {
    /** The scheme. */
    public static final String SCHEME = "d1";
    /** Cloudflare's API base. */
    public static final String DEFAULT_ENDPOINT = "https://api.cloudflare.com";
    /** The environment variable holding the token. */
    public static final String TOKEN_VARIABLE = "CLOUDFLARE_API_TOKEN";
    /** The config property ({@link AgentDBConfig#property}) holding the token. */
    public static final String TOKEN_PROPERTY = "d1.token";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");

    /**
     * @param url a URL
     * @return whether it is a {@code d1://} URL (any case)
     */
    public static boolean isD1Url(String url) {
        return url != null && url.regionMatches(true, 0, SCHEME + "://", 0, SCHEME.length() + 3);
    }

    /**
     * @return whether this URL reaches Cloudflare's own API ({@value #DEFAULT_ENDPOINT}, written or by
     *         default), whose request limit is per account; false for another endpoint (the emulator)
     */
    public boolean cloudflare() {
        return DEFAULT_ENDPOINT.equals(endpoint.toString());
    }

    /**
     * @param url a {@code d1://} URL (one database or several)
     * @return whether it reaches Cloudflare's own API, by the rule of {@link #cloudflare()}
     * @throws InvalidInputException naming {@code url} when its query or endpoint is malformed
     */
    public static boolean cloudflare(String url) {
        String rest = url.substring(SCHEME.length() + 3);
        int q = rest.indexOf('?');
        Map<String, String> params = query(q < 0 ? "" : rest.substring(q + 1), url);
        return DEFAULT_ENDPOINT.equals(endpoint(params.getOrDefault("endpoint", DEFAULT_ENDPOINT), url).toString());
    }

    /**
     * Parses a URL, taking the token from the URL, then the config, then the environment.
     *
     * @param config the configuration (its URL and properties); not null
     * @param environment the environment variables (normally {@link System#getenv()}); not null
     * @return the parsed URL
     * @throws InvalidInputException naming {@code url} when the URL is malformed, lacks the account or
     *         database, has an unknown parameter or an endpoint that is not http(s)
     */
    public static D1Url parse(AgentDBConfig config, Map<String, String> environment) {
        String url = config.url();
        if (!isD1Url(url)) {
            throw new InvalidInputException("url", "'" + redact(url) + "' is not a D1 URL; expected d1://ACCOUNT_ID/DATABASE_ID");
        }
        String rest = url.substring(SCHEME.length() + 3);
        int q = rest.indexOf('?');
        String path = q < 0 ? rest : rest.substring(0, q);
        Map<String, String> params = query(q < 0 ? "" : rest.substring(q + 1), url);
        String[] parts = path.split("/", -1);
        if (parts.length != 2 || !ID.matcher(parts[0]).matches() || !ID.matcher(parts[1]).matches()) {
            throw new InvalidInputException("url", "'" + redact(url) + "' must be d1://ACCOUNT_ID/DATABASE_ID (ids of letters, digits, '-' and '_')");
        }
        URI endpoint = endpoint(params.getOrDefault("endpoint", DEFAULT_ENDPOINT), url);
        String token = params.get("token");
        String source = "the token= parameter of the URL";
        if (blank(token)) {
            token = config.property(TOKEN_PROPERTY, null);
            source = "the config property " + TOKEN_PROPERTY;
        }
        if (blank(token)) {
            token = environment.get(TOKEN_VARIABLE);
            source = "the " + TOKEN_VARIABLE + " environment variable";
        }
        if (blank(token)) {
            token = null;
            source = "no token (none in the URL's token= parameter, the config property " + TOKEN_PROPERTY + " or the "
                    + TOKEN_VARIABLE + " environment variable)";
        }
        return new D1Url(parts[0], parts[1], endpoint, token, source);
    }

    private static Map<String, String> query(String query, String url) {
        Map<String, String> out = new LinkedHashMap<>();
        if (query.isEmpty()) {
            return out;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = (eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (!key.equals("endpoint") && !key.equals("token")) {
                throw new InvalidInputException("url", "'" + redact(url) + "' has the unknown parameter '" + key
                        + "'; D1 URLs accept endpoint= and token=");
            }
            out.put(key, value);
        }
        return out;
    }

    private static URI endpoint(String text, String url) {
        String base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        try {
            URI uri = URI.create(base);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new InvalidInputException("url", "'" + redact(url) + "' has endpoint '" + text + "', which is not an http(s) URL");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /**
     * @param url any URL
     * @return the URL with a {@code token=} value and passwords masked ({@code ***}); null for null
     */
    public static String redact(String url) {
        return AgentDBConfig.redact(url);
    }

    /** @return {@code d1://ACCOUNT/DATABASE?endpoint=...}, without the token */
    public String redacted() {
        return SCHEME + "://" + account + "/" + database + (DEFAULT_ENDPOINT.equals(endpoint.toString()) ? "" : "?endpoint=" + endpoint);
    }

    /** @return the query URL of this database: {@code {endpoint}/client/v4/accounts/{account}/d1/database/{database}/raw} */
    public URI rawUri() {
        return URI.create(databaseUri() + "/raw");
    }

    /** @return {@code {endpoint}/client/v4/accounts/{account}/d1/database/{database}} */
    public String databaseUri() {
        return endpoint + "/client/v4/accounts/" + account + "/d1/database/" + database;
    }

    /** @return the redacted form: never the token */
    @Override
    public String toString() {
        return redacted();
    }
}
