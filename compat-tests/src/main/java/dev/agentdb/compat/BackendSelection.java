package dev.agentdb.compat;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Which server an adapter's integration tests run against: the pure decision behind
 * {@link TestBackends} (no JUnit, no I/O of its own; the environment, the Docker probe and the
 * container starter are passed in, so the rule is unit-tested with plain maps).
 *
 * <p>The rule (ARCHITECTURE.md, "Real backends in tests"), for a backend such as {@code POSTGRES}:
 * <ol>
 *   <li>{@code AGENTDB_TEST_POSTGRES_URL} is set (not blank): use it ({@link Kind#USE_ENVIRONMENT}).
 *       {@code scripts/backends.sh} starts the servers and prints these variables;
 *       {@code scripts/test.sh} exports them.</li>
 *   <li>otherwise, when the adapter's test supplies a container starter (e.g. Testcontainers, a
 *       dependency of that adapter module only) and a Docker engine is reachable: start it and use
 *       its URL ({@link Kind#USE_CONTAINER}).</li>
 *   <li>otherwise skip the backend's tests with one message ({@link Kind#SKIP}) &mdash; except when
 *       {@code CI=true}: then the run fails ({@link Kind#FAIL}) with a message naming the variable
 *       and {@code scripts/backends.sh}, so a CI run never passes by skipping a backend.</li>
 * </ol>
 * A container starter that throws yields {@code FAIL} under CI and {@code SKIP} otherwise, with the
 * cause in the message.
 */
public final class BackendSelection {
    /** The environment variable that says the run is a CI run when it equals {@code true} (any case). */
    public static final String CI_VARIABLE = "CI";
    /** The script that installs and starts the test servers and prints the variables. */
    public static final String SCRIPT = "scripts/backends.sh";

    private static final Pattern BACKEND_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");

    private BackendSelection() {
    }

    /** What to do with a backend's tests. */
    public enum Kind {
        /** Run against the URL of {@code AGENTDB_TEST_<BACKEND>_URL}. */
        USE_ENVIRONMENT,
        /** Run against the URL of a container started for this run. */
        USE_CONTAINER,
        /** Skip the backend's tests (JUnit assumption), with {@link Decision#message()}. */
        SKIP,
        /** Fail the run (CI without the backend), with {@link Decision#message()}. */
        FAIL
    }

    /**
     * The outcome for one backend.
     *
     * @param backend the backend name, upper case (e.g. {@code POSTGRES})
     * @param kind what to do
     * @param url the server URL for {@code USE_*}; {@code null} for {@code SKIP}/{@code FAIL}
     * @param message for {@code SKIP}/{@code FAIL}: why, and how to provide the server; for
     *                {@code USE_*}: where the URL came from
     */
    public record Decision(String backend, Kind kind, String url, String message) {
        /**
         * Checks that every component but {@code url} is present and that {@code USE_*} carries a URL.
         *
         * @param backend the backend name, upper case (e.g. {@code POSTGRES}); not null
         * @param kind what to do; not null
         * @param url the server URL, not null or blank for {@code USE_ENVIRONMENT}/{@code USE_CONTAINER};
         *            may be null for {@code SKIP}/{@code FAIL}
         * @param message why, or where the URL came from; not null
         * @throws NullPointerException when {@code backend}, {@code kind} or {@code message} is null
         * @throws IllegalArgumentException when {@code kind} is {@code USE_*} and {@code url} is null or blank
         */
        public Decision {
            Objects.requireNonNull(backend, "backend");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(message, "message");
            if ((kind == Kind.USE_ENVIRONMENT || kind == Kind.USE_CONTAINER) && (url == null || url.isBlank())) {
                throw new IllegalArgumentException(kind + " needs a URL");
            }
        }

        /** @return whether the tests run ({@code USE_ENVIRONMENT} or {@code USE_CONTAINER}) */
        public boolean runs() {
            return kind == Kind.USE_ENVIRONMENT || kind == Kind.USE_CONTAINER;
        }
    }

    /**
     * @param backend a backend name such as {@code POSTGRES} or {@code postgres}
     * @return the name of its variable, e.g. {@code AGENTDB_TEST_POSTGRES_URL}
     * @throws IllegalArgumentException when the name is not letters, digits and underscores
     */
    public static String variable(String backend) {
        return "AGENTDB_TEST_" + normalize(backend) + "_URL";
    }

    /**
     * @param env an environment
     * @return whether it marks a CI run ({@code CI=true}, any case)
     */
    public static boolean isCi(Map<String, String> env) {
        String ci = env.get(CI_VARIABLE);
        return ci != null && ci.trim().equalsIgnoreCase("true");
    }

    /**
     * Decides where a backend's tests run. Calls {@code dockerReachable} only when the variable is
     * unset and a container starter is given, and {@code container} only when Docker is reachable.
     *
     * @param backend backend name, e.g. {@code POSTGRES}
     * @param env the environment (e.g. {@code System.getenv()})
     * @param dockerReachable whether a Docker engine answers (probed lazily)
     * @param container starts a server and returns its URL; {@code null} when the adapter's tests
     *                  offer no container
     * @return the decision
     */
    public static Decision decide(String backend, Map<String, String> env, BooleanSupplier dockerReachable,
            Supplier<String> container) {
        String name = normalize(backend);
        String variable = variable(name);
        String value = env.get(variable);
        if (value != null && !value.isBlank()) {
            return new Decision(name, Kind.USE_ENVIRONMENT, value.trim(), "from " + variable);
        }
        boolean ci = isCi(env);
        String provide = "start it with `" + SCRIPT + " install " + name.toLowerCase(Locale.ROOT) + " && "
                + SCRIPT + " start " + name.toLowerCase(Locale.ROOT) + "`, then `eval \"$(" + SCRIPT + " env "
                + name.toLowerCase(Locale.ROOT) + ")\"` (scripts/test.sh does all of this)";
        String why;
        if (container == null) {
            why = variable + " is not set";
        } else if (!dockerReachable.getAsBoolean()) {
            why = variable + " is not set and no Docker engine is reachable for a container";
        } else {
            try {
                String url = container.get();
                if (url == null || url.isBlank()) {
                    throw new IllegalStateException("the container starter returned no URL");
                }
                return new Decision(name, Kind.USE_CONTAINER, url.trim(), "from a container (Docker)");
            } catch (RuntimeException e) {
                why = variable + " is not set and starting a container failed: " + e;
            }
        }
        if (ci) {
            return new Decision(name, Kind.FAIL, null,
                    name + " tests cannot run: " + why + "; CI=true requires every backend: " + provide);
        }
        return new Decision(name, Kind.SKIP, null, "skipping " + name + " tests: " + why + "; " + provide);
    }

    private static String normalize(String backend) {
        Objects.requireNonNull(backend, "backend");
        String name = backend.trim().toUpperCase(Locale.ROOT);
        if (!BACKEND_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("backend name must be letters, digits and '_', got '" + backend + "'");
        }
        return name;
    }
}
