package dev.agentdb.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates and deletes Cloudflare D1 databases for tests through the D1 API's database management
 * ({@code POST} / {@code DELETE /client/v4/accounts/ACCOUNT/d1/database[/ID]}) of a {@code d1://} URL's
 * account and {@code endpoint=} (the emulator of {@code scripts/backends.sh start d1}), with the token
 * of the {@code CLOUDFLARE_API_TOKEN} environment variable. Plain {@code java.net.http}, so the kit
 * needs no D1 adapter for it.
 */
public final class D1Databases {
    private static final Pattern ENDPOINT = Pattern.compile("[?&]endpoint=([^&]+)");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private D1Databases() {
    }

    /**
     * @param url a {@code d1://ACCOUNT/...} URL (its account and endpoint are used)
     * @param name the new database's name
     * @return the id the API gave it
     * @throws IllegalStateException when the API refuses
     */
    public static String create(String url, String name) {
        return call(url, "POST", "", "{\"name\":\"" + name.replace("\"", "") + "\"}").path("result").path("uuid").asText();
    }

    /**
     * @param url a {@code d1://ACCOUNT/...} URL (its account and endpoint are used)
     * @param id the database to delete
     * @throws IllegalStateException when the API refuses
     */
    public static void delete(String url, String id) {
        call(url, "DELETE", "/" + id, null);
    }

    private static JsonNode call(String url, String method, String suffix, String body) {
        String path = url.substring("d1://".length());
        String account = path.substring(0, path.indexOf('/'));
        Matcher m = ENDPOINT.matcher(url);
        String endpoint = m.find() ? URLDecoder.decode(m.group(1), StandardCharsets.UTF_8) : "https://api.cloudflare.com";
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + "/client/v4/accounts/" + account + "/d1/database" + suffix))
                .header("Authorization", "Bearer " + System.getenv("CLOUDFLARE_API_TOKEN")).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("D1 API " + method + " " + suffix + ": HTTP " + r.statusCode() + " " + r.body());
            }
            return new ObjectMapper().readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
