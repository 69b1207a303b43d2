package dev.agentdb.compat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * The server URL for an adapter's integration tests, chosen by {@link BackendSelection}: the
 * variable {@code AGENTDB_TEST_<BACKEND>_URL}, else an optional container when a Docker engine is
 * reachable, else a skip (JUnit assumption) &mdash; or a failure under {@code CI=true}.
 *
 * <p>Call it from {@code @BeforeAll} so a missing server skips the whole class with one message:
 * <pre>{@code
 * class PostgresCompatibilityIT extends AgentDBCompatibilitySuite {
 *     static String server;
 *
 *     @BeforeAll
 *     static void server() {
 *         server = TestBackends.url("POSTGRES");             // or url("POSTGRES", PgContainer::url)
 *     }
 *     ...
 * }
 * }</pre>
 *
 * <p>The decision is made once per backend and JVM and then reused (the environment does not
 * change during a run); a container starter is therefore called at most once.
 */
public final class TestBackends {
    /** How long the Docker probe waits for the engine's socket. */
    private static final int DOCKER_CONNECT_TIMEOUT_MS = 1_000;

    private static final Map<String, BackendSelection.Decision> DECISIONS = new ConcurrentHashMap<>();

    private TestBackends() {
    }

    /**
     * The URL of a backend given by its variable only (no container fallback).
     *
     * @param backend backend name, e.g. {@code POSTGRES}
     * @return the server URL
     * @throws org.opentest4j.TestAbortedException when the backend is absent (skip)
     * @throws org.opentest4j.AssertionFailedError when the backend is absent under {@code CI=true}
     */
    public static String url(String backend) {
        return url(backend, null);
    }

    /**
     * The URL of a backend: its variable, else (Docker reachable) the container {@code container}
     * starts, else skip or (CI) fail.
     *
     * @param backend backend name, e.g. {@code POSTGRES}
     * @param container starts a server and returns its URL (e.g. from Testcontainers, a dependency
     *                  of the adapter module); {@code null} for none
     * @return the server URL
     * @throws org.opentest4j.TestAbortedException when the backend is absent (skip)
     * @throws org.opentest4j.AssertionFailedError when the backend is absent under {@code CI=true}
     */
    public static String url(String backend, Supplier<String> container) {
        BackendSelection.Decision decision = decision(backend, container);
        switch (decision.kind()) {
            case USE_ENVIRONMENT:
            case USE_CONTAINER:
                return decision.url();
            case FAIL:
                return fail(decision.message());
            case SKIP:
            default:
                return abort(decision.message());
        }
    }

    /**
     * The decision for a backend, made on first call and reused afterwards; prints the skip or
     * failure message once to standard error (so it shows in the build log, not only in reports).
     *
     * @param backend backend name, e.g. {@code POSTGRES}
     * @param container container starter, or {@code null}
     * @return the decision
     */
    public static BackendSelection.Decision decision(String backend, Supplier<String> container) {
        String variable = BackendSelection.variable(backend);
        return DECISIONS.computeIfAbsent(variable, v -> {
            BackendSelection.Decision d = BackendSelection.decide(backend, System.getenv(),
                    TestBackends::dockerReachable, container);
            if (!d.runs()) {
                System.err.println("[agentdb-compat] " + d.message());
            }
            return d;
        });
    }

    /**
     * Whether a Docker engine answers: {@code DOCKER_HOST} ({@code unix://} or {@code tcp://}) when
     * set, else the usual Unix sockets ({@code /var/run/docker.sock},
     * {@code ~/.docker/run/docker.sock}). Connects to the socket; a file alone is not enough.
     *
     * @return whether a connection to the engine's socket succeeds
     */
    public static boolean dockerReachable() {
        String host = System.getenv("DOCKER_HOST");
        if (host != null && !host.isBlank()) {
            return reachable(host.trim());
        }
        return reachable("unix:///var/run/docker.sock")
                || reachable("unix://" + System.getProperty("user.home") + "/.docker/run/docker.sock");
    }

    private static boolean reachable(String dockerHost) {
        try {
            if (dockerHost.startsWith("unix://")) {
                Path socket = Path.of(dockerHost.substring("unix://".length()));
                if (!Files.exists(socket)) {
                    return false;
                }
                try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    return ch.connect(UnixDomainSocketAddress.of(socket));
                }
            }
            if (dockerHost.startsWith("tcp://")) {
                URI uri = URI.create(dockerHost);
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 2375 : uri.getPort()),
                            DOCKER_CONNECT_TIMEOUT_MS);
                    return true;
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
