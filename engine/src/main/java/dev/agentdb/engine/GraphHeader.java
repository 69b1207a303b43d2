package dev.agentdb.engine;

import dev.agentdb.CollectionSpec;
import dev.agentdb.ConflictException;
import dev.agentdb.hnsw.HnswConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The header of a persisted graph: its layout version, the parameters it was built with and its
 * entry point, as string key/values ({@link GraphStorage#readHeader()}). Layout version
 * {@value #FORMAT_VERSION}: keys {@code format_version}, {@code dimension}, {@code metric} (wire
 * name), {@code m}, {@code ef_construction}, {@code seed}, {@code entry_node} (-1 when empty),
 * {@code max_level} (-1 when empty). A reader refuses other versions.
 */
public final class GraphHeader {
    /** The layout version this library writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** Key of the layout version. */
    public static final String FORMAT = "format_version";
    /** Key of the entry node ordinal. */
    public static final String ENTRY_NODE = "entry_node";
    /** Key of the entry node's level. */
    public static final String MAX_LEVEL = "max_level";

    private GraphHeader() {
    }

    /**
     * @param spec a collection spec (HNSW, dimension fixed)
     * @return the HNSW configuration of its graph, with the default seed
     */
    public static HnswConfig config(CollectionSpec spec) {
        return new HnswConfig(spec.dimension(), spec.metric(), spec.index().m(), spec.index().efConstruction(), HnswConfig.DEFAULT_SEED);
    }

    /**
     * @param config a graph's configuration
     * @return the header of a new, empty graph built with it
     */
    public static Map<String, String> of(HnswConfig config) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(FORMAT, Integer.toString(FORMAT_VERSION));
        h.put("dimension", Integer.toString(config.dimension()));
        h.put("metric", config.metric().wireName());
        h.put("m", Integer.toString(config.m()));
        h.put("ef_construction", Integer.toString(config.efConstruction()));
        h.put("seed", Long.toString(config.seed()));
        h.putAll(entry(-1, -1));
        return h;
    }

    /**
     * @param node the entry node, or -1
     * @param level its level, or -1
     * @return the entry-point entries
     */
    public static Map<String, String> entry(int node, int level) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(ENTRY_NODE, Integer.toString(node));
        h.put(MAX_LEVEL, Integer.toString(level));
        return h;
    }

    /**
     * Checks a stored header against a collection's spec.
     *
     * @param collection the collection, for messages
     * @param header the stored header, not empty
     * @param spec the collection's spec
     * @return the stored configuration (with its seed) when it matches the spec, else null
     * @throws ConflictException when the layout version is not {@value #FORMAT_VERSION}
     */
    static HnswConfig matching(String collection, Map<String, String> header, CollectionSpec spec) {
        if (parseInt(header.get(FORMAT), -1) != FORMAT_VERSION) {
            throw new ConflictException("the HNSW graph of collection '" + collection + "' has format version " + header.get(FORMAT)
                    + ", unknown to this library (it reads version " + FORMAT_VERSION + "); upgrade AgentDB");
        }
        if (parseInt(header.get("dimension"), -1) != spec.dimension() || !spec.metric().wireName().equals(header.get("metric"))
                || parseInt(header.get("m"), -1) != spec.index().m()
                || parseInt(header.get("ef_construction"), -1) != spec.index().efConstruction()) {
            return null;
        }
        long seed;
        try {
            seed = header.containsKey("seed") ? Long.parseLong(header.get("seed").trim()) : HnswConfig.DEFAULT_SEED;
        } catch (NumberFormatException e) {
            return null;
        }
        return new HnswConfig(spec.dimension(), spec.metric(), spec.index().m(), spec.index().efConstruction(), seed);
    }

    /**
     * @param s a stored value, or null
     * @param fallback what to return when it is missing or not an integer
     * @return the integer
     */
    static int parseInt(String s, int fallback) {
        try {
            return s == null ? fallback : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
