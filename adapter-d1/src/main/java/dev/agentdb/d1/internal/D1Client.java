package dev.agentdb.d1.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentdb.BackendUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Talks to one D1 database over Cloudflare's REST API: {@code POST .../d1/database/{id}/raw} with
 * {@code {"sql","params"}} for one statement or {@code {"batch":[...]}} for several, which D1 runs as one
 * transaction. The {@code /raw} form returns each result as columns plus rows (positional, duplicate
 * labels kept, less JSON than {@code /query}'s objects).
 *
 * <h2>Retries</h2>
 * A request is sent again, after an exponential backoff with full jitter ({@value #BACKOFF_BASE_MS} ms
 * doubling, at most {@value #BACKOFF_MAX_MS} ms, {@code Retry-After} honoured), up to
 * {@code maxRetries} times when:
 * <ul>
 *   <li>the API answered 429 (rate limited: the request was not run), or the connection could not be
 *       opened: always;</li>
 *   <li>the API answered 5xx, the request timed out, or the connection dropped after it was sent: only
 *       when the caller said the request is <em>safe to repeat</em> (reads; writes that give the same state
 *       when run twice). Otherwise the failure is a {@link D1Exception#ambiguous()} one, which the caller
 *       resolves (the adapter's write batches carry a writer token it reads back).</li>
 * </ul>
 *
 * <p>HTTP/2 is used where the endpoint offers it (https), keep-alive always (one shared {@link HttpClient}).
 * The API token travels only in the {@code Authorization} header; messages and {@link #toString()} never hold
 * it. Thread-safe.
 */
public final class D1Client implements AutoCloseable {
    /** First backoff, in ms. */
    public static final long BACKOFF_BASE_MS = 100;
    /** Largest backoff, in ms. */
    public static final long BACKOFF_MAX_MS = 5_000;

    private static final Logger LOG = LoggerFactory.getLogger(D1Client.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final D1Url url;
    private final HttpClient http;
    private final Duration timeout;
    private final int maxRetries;
    private final RateLimiter limiter;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();

    /**
     * @param url the database and token
     * @param connectTimeoutMs how long opening a connection may take, in ms
     * @param requestTimeoutMs how long one request may take until its response, in ms
     * @param maxRetries how many times a failed request is sent again (see the class comment), 0 or more
     */
    public D1Client(D1Url url, long connectTimeoutMs, long requestTimeoutMs, int maxRetries) {
        this(url, connectTimeoutMs, requestTimeoutMs, maxRetries, new RateLimiter(0, 1, System::nanoTime));
    }

    /**
     * @param url the database and token
     * @param connectTimeoutMs how long opening a connection may take, in ms
     * @param requestTimeoutMs how long one request may take until its response, in ms
     * @param maxRetries how many times a failed request is sent again (see the class comment), 0 or more
     * @param limiter the client-side request limit every attempt (retries included) waits for
     */
    public D1Client(D1Url url, long connectTimeoutMs, long requestTimeoutMs, int maxRetries, RateLimiter limiter) {
        this.limiter = limiter;
        this.url = url;
        this.timeout = Duration.ofMillis(requestTimeoutMs);
        this.maxRetries = maxRetries;
        this.http = HttpClient.newBuilder()
                .version("https".equalsIgnoreCase(url.endpoint().getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(connectTimeoutMs))
                .build();
    }

    /** @return the database's URL (redacted form in {@code toString}) */
    public D1Url url() {
        return url;
    }

    /**
     * Runs statements: one as a plain query, several as one {@code batch} (one transaction).
     *
     * @param statements the statements, 1 or more
     * @param safeToRepeat whether running the request twice leaves the same state as once (reads, idempotent writes)
     * @return one result per statement, in order
     * @throws D1Exception when D1 refuses a statement (the whole batch then changed nothing) or the outcome is
     *         unknown ({@link D1Exception#ambiguous()})
     * @throws BackendUnavailableException when the API cannot be reached after the retries, or refuses the token
     *         (naming where the token came from, never the token)
     */
    public List<D1Result> run(List<D1Statement> statements, boolean safeToRepeat) throws D1Exception {
        ObjectNode body = MAPPER.createObjectNode();
        if (statements.size() == 1) {
            fill(body, statements.get(0));
        } else {
            ArrayNode batch = body.putArray("batch");
            for (D1Statement s : statements) {
                fill(batch.addObject(), s);
            }
        }
        JsonNode response = post(url.rawUri(), body.toString(), safeToRepeat, "run " + statements.size() + " statement(s)");
        JsonNode result = response.path("result");
        List<D1Result> out = new ArrayList<>(statements.size());
        for (JsonNode r : result) {
            out.add(result(r));
        }
        if (out.size() != statements.size()) {
            throw new D1Exception("D1 returned " + out.size() + " results for " + statements.size() + " statements", 200, 0, false, null);
        }
        return out;
    }

    /**
     * Runs write statements through {@code /query}, whose results carry {@code meta.changes} (the emulator's
     * {@code /raw}, like workerd's {@code raw()}, reports no changes).
     *
     * @param statements the statements, 1 or more (several: one batch, one transaction)
     * @param safeToRepeat whether running the request twice leaves the same state as once
     * @return the rows changed by each statement, in order
     * @throws D1Exception as {@link #run}
     */
    public long[] changes(List<D1Statement> statements, boolean safeToRepeat) throws D1Exception {
        ObjectNode body = MAPPER.createObjectNode();
        if (statements.size() == 1) {
            fill(body, statements.get(0));
        } else {
            ArrayNode batch = body.putArray("batch");
            for (D1Statement s : statements) {
                fill(batch.addObject(), s);
            }
        }
        JsonNode result = post(URI.create(url.databaseUri() + "/query"), body.toString(), safeToRepeat,
                "run " + statements.size() + " statement(s)").path("result");
        long[] out = new long[statements.size()];
        int i = 0;
        for (JsonNode r : result) {
            if (i < out.length) {
                out[i++] = r.path("meta").path("changes").asLong(0);
            }
        }
        return out;
    }

    /**
     * Sends a request to the account's database API (database management: create, delete, info).
     *
     * @param method {@code GET}, {@code POST} or {@code DELETE}
     * @param path the path below {@code {endpoint}/client/v4/accounts/{account}/d1/database}, e.g. {@code ""} or {@code "/ID"}
     * @param json the body, or null
     * @return the response's {@code result}
     * @throws D1Exception when the API refuses
     */
    public JsonNode manage(String method, String path, String json) throws D1Exception {
        URI uri = URI.create(url.endpoint() + "/client/v4/accounts/" + url.account() + "/d1/database" + path);
        HttpRequest.BodyPublisher publisher = json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json);
        return send(request(uri).method(method, publisher).build(), true, method + " database").path("result");
    }

    private static void fill(ObjectNode node, D1Statement s) {
        node.put("sql", s.sql());
        ArrayNode params = node.putArray("params");
        for (Object p : s.params()) {
            if (p == null) {
                params.addNull();
            } else if (p instanceof String str) {
                params.add(str);
            } else if (p instanceof Long l) {
                params.add(l);
            } else if (p instanceof Double d) {
                params.add(d);
            } else {
                throw new IllegalArgumentException("unprepared parameter type " + p.getClass().getName());
            }
        }
    }

    private static D1Result result(JsonNode r) {
        JsonNode results = r.path("results");
        List<String> columns = new ArrayList<>();
        for (JsonNode c : results.path("columns")) {
            columns.add(c.asText());
        }
        List<List<Object>> rows = new ArrayList<>();
        for (JsonNode row : results.path("rows")) {
            List<Object> values = new ArrayList<>(row.size());
            for (JsonNode v : row) {
                values.add(value(v));
            }
            rows.add(values);
        }
        JsonNode meta = r.path("meta");
        return new D1Result(columns, rows, meta.path("changes").asLong(0), meta.path("rows_read").asLong(0),
                meta.path("rows_written").asLong(0));
    }

    private static Object value(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue() ? 1L : 0L;
        }
        if (v.isArray()) {
            List<Object> list = new ArrayList<>(v.size());
            for (JsonNode e : v) {
                list.add(value(e));
            }
            return list;
        }
        return v.toString();
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).header("Content-Type", "application/json");
        if (url.token() != null) {
            b.header("Authorization", "Bearer " + url.token());
        }
        return b;
    }

    private JsonNode post(URI uri, String body, boolean safeToRepeat, String what) throws D1Exception {
        return send(request(uri).POST(HttpRequest.BodyPublishers.ofString(body)).build(), safeToRepeat, what);
    }

    private JsonNode send(HttpRequest request, boolean safeToRepeat, String what) throws D1Exception {
        for (int attempt = 0; ; attempt++) {
            requests.incrementAndGet();
            HttpResponse<String> response;
            try {
                limiter.acquire();
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendUnavailableException("interrupted while waiting for D1 (" + url + ")", e);
            } catch (IOException e) {
                boolean neverSent = e instanceof ConnectException || e instanceof HttpConnectTimeoutException;
                if ((neverSent || safeToRepeat) && attempt < maxRetries) {
                    backoff(attempt, 0, what, e.toString());
                    continue;
                }
                if (neverSent || safeToRepeat) {
                    throw new BackendUnavailableException("D1 (" + url + ") cannot be reached to " + what + " after " + (attempt + 1)
                            + " attempt(s): " + e, e);
                }
                throw new D1Exception("the request to " + what + " failed after it was sent (" + e + "): it may or may not have been applied",
                        0, 0, true, e);
            }
            int status = response.statusCode();
            if (status == 429 && attempt < maxRetries) {
                backoff(attempt, retryAfterMs(response), what, "HTTP 429");
                continue;
            }
            if (status >= 500 && safeToRepeat && attempt < maxRetries) {
                backoff(attempt, 0, what, "HTTP " + status);
                continue;
            }
            JsonNode json = parse(response.body());
            if (status == 401 || status == 403) {
                throw new BackendUnavailableException("D1 (" + url + ") refused the API token (HTTP " + status + ": "
                        + firstError(json, "authentication error") + "); the token came from " + url.tokenSource());
            }
            if (status >= 500 || status == 429) {
                if (safeToRepeat || status == 429) {
                    throw new BackendUnavailableException("D1 (" + url + ") failed to " + what + " after " + (attempt + 1) + " attempt(s): HTTP "
                            + status + " " + firstError(json, ""));
                }
                throw new D1Exception("HTTP " + status + " " + firstError(json, "") + " while trying to " + what
                        + ": it may or may not have been applied", status, firstCode(json), true, null);
            }
            if (status != 200 || json == null || !json.path("success").asBoolean(false)) {
                throw new D1Exception(firstError(json, "HTTP " + status), status, firstCode(json), false, null);
            }
            return json;
        }
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String firstError(JsonNode json, String otherwise) {
        if (json != null) {
            Iterator<JsonNode> it = json.path("errors").elements();
            if (it.hasNext()) {
                return it.next().path("message").asText(otherwise);
            }
        }
        return otherwise;
    }

    private static int firstCode(JsonNode json) {
        if (json != null) {
            Iterator<JsonNode> it = json.path("errors").elements();
            if (it.hasNext()) {
                return it.next().path("code").asInt(0);
            }
        }
        return 0;
    }

    private static long retryAfterMs(HttpResponse<?> response) {
        try {
            return response.headers().firstValue("Retry-After").map(v -> Long.parseLong(v.trim()) * 1000).orElse(0L);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void backoff(int attempt, long atLeastMs, String what, String why) {
        retries.incrementAndGet();
        long cap = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS << Math.min(attempt, 20));
        long sleep = Math.max(atLeastMs, ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
        LOG.debug("D1 ({}) {} failed ({}); retry {} in {} ms", url, what, why, attempt + 1, sleep);
        try {
            Thread.sleep(sleep);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("interrupted while retrying D1 (" + url + ")", e);
        }
    }

    /** @return requests sent and retries made since open */
    public Map<String, Long> counters() {
        return Map.of("requests", requests.get(), "retries", retries.get());
    }

    /** Nothing to release on Java 17: the HTTP client's idle connections close when it is collected. */
    @Override
    public void close() {
        // HttpClient has no close() before Java 21
    }

    @Override
    public String toString() {
        return "D1Client[" + url + "]";
    }
}
