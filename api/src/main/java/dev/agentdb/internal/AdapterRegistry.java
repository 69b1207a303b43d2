package dev.agentdb.internal;

import dev.agentdb.AgentDBConfig;
import dev.agentdb.BackendUnavailableException;
import dev.agentdb.ConflictException;
import dev.agentdb.InvalidInputException;
import dev.agentdb.spi.AdapterProvider;
import dev.agentdb.spi.DatabaseAdapter;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Finds the {@link AdapterProvider} for a URL among those on the class path. Not API. */
public final class AdapterRegistry {
    private AdapterRegistry() {
    }

    /**
     * @param config the configuration whose URL selects the provider
     * @return an open adapter
     * @throws BackendUnavailableException when no provider handles the URL (the message lists the schemes available)
     * @throws ConflictException when two providers claim the URL at the same priority
     */
    public static DatabaseAdapter open(AgentDBConfig config) {
        return select(config, providers()).create(config);
    }

    /** @return the providers found by {@link ServiceLoader} on this class's loader and the context loader */
    public static List<AdapterProvider> providers() {
        List<AdapterProvider> out = new ArrayList<>();
        ServiceLoader.load(AdapterProvider.class, AdapterRegistry.class.getClassLoader()).forEach(out::add);
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null && context != AdapterRegistry.class.getClassLoader()) {
            for (AdapterProvider p : ServiceLoader.load(AdapterProvider.class, context)) {
                if (out.stream().noneMatch(q -> q.getClass().equals(p.getClass()))) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /**
     * @param config the configuration
     * @param providers the candidates
     * @return the single best provider for the URL
     */
    public static AdapterProvider select(AgentDBConfig config, List<AdapterProvider> providers) {
        URI uri = toUri(config.url(), config.scheme());
        AdapterProvider best = null;
        AdapterProvider tie = null;
        for (AdapterProvider p : providers) {
            if (!p.handles(uri)) {
                continue;
            }
            if (best == null || p.priority() > best.priority()) {
                best = p;
                tie = null;
            } else if (p.priority() == best.priority()) {
                tie = p;
            }
        }
        if (best == null) {
            TreeSet<String> schemes = new TreeSet<>();
            providers.forEach(p -> p.schemes().forEach(s -> schemes.add(s + ":")));
            throw new BackendUnavailableException("no adapter on the class path handles URL scheme '" + config.scheme()
                    + ":'; available: " + (schemes.isEmpty() ? "none (add an agentdb-adapter-* dependency)" : String.join(", ", schemes)));
        }
        if (tie != null) {
            throw new ConflictException("two adapters claim URL scheme '" + config.scheme() + ":' at priority " + best.priority()
                    + ": " + best.getClass().getName() + " and " + tie.getClass().getName()
                    + "; remove one from the class path or give one a higher priority()");
        }
        return best;
    }

    /** Builds a URI even from file paths with characters a URI does not allow (spaces, backslashes). */
    static URI toUri(String url, String scheme) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            try {
                return new URI(scheme, url.substring(url.indexOf(':') + 1), null);
            } catch (URISyntaxException e2) {
                throw new InvalidInputException("url", "'" + AgentDBConfig.redact(url) + "' is not a valid URL: " + e2.getReason(), e2);
            }
        }
    }
}
