package dev.agentdb.cli.migrate;

import dev.agentdb.IndexParams;
import dev.agentdb.IndexParams.IndexType;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Limits;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code --index-params} value: the index a target collection gets instead of the source's.
 *
 * <p>Syntax: {@code [NAME=]TYPE[:KEY=VALUE,...]} with TYPE {@code flat}, {@code hnsw} (keys {@code m},
 * {@code efConstruction}, {@code efSearch}) or {@code ivfflat} (keys {@code lists}, {@code probes}).
 * Types and keys are case-insensitive, and {@code ef_construction}/{@code ef_search} are accepted too.
 * A key left out takes the source collection's value when the source's index has the same type, else
 * the {@link IndexParams} default. A leading {@code NAME=} limits the spec to one collection.
 *
 * @param collection the collection this spec is for, or null for every collection of the run
 * @param type the index type
 * @param values the keys given (canonical names {@code m, efConstruction, efSearch, lists, probes}), in order
 */
public record IndexSpec(String collection, IndexType type, Map<String, Integer> values) {
    /** The keys each type accepts, by their canonical names. */
    private static final Map<IndexType, List<String>> KEYS = Map.of(
            IndexType.FLAT, List.of(),
            IndexType.HNSW, List.of("m", "efConstruction", "efSearch"),
            IndexType.IVFFLAT, List.of("lists", "probes"));
    /** Each key's own range {@code {min, max}}, as {@link IndexParams} checks it (efConstruction's floor is m's). */
    private static final Map<String, int[]> RANGES = Map.of(
            "m", new int[] {2, Limits.MAX_M},
            "efConstruction", new int[] {2, Limits.MAX_EF},
            "efSearch", new int[] {1, Limits.MAX_EF},
            "lists", new int[] {1, Limits.MAX_LISTS},
            "probes", new int[] {1, Limits.MAX_LISTS});

    /**
     * Copies the values into an unmodifiable map that keeps their order. Nothing is validated here;
     * {@link #parse(String)} checks names, types, keys and ranges.
     *
     * @param collection the collection this spec is for, or null for every collection of the run
     * @param type the index type; should not be null
     * @param values the keys given, by canonical name ({@code m, efConstruction, efSearch, lists,
     *               probes}), to their values; the map must not be null, empty for none
     * @throws NullPointerException when {@code values} is null
     */
    public IndexSpec {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * Parses a spec and checks its values against the {@link IndexParams} limits.
     *
     * @param text e.g. {@code hnsw:m=32,efConstruction=200}, {@code docs=ivfflat:lists=200} or {@code flat}
     * @return the spec
     * @throws IllegalArgumentException with a message naming the problem and the expected form
     */
    public static IndexSpec parse(String text) {
        String s = text.trim();
        String collection = null;
        int eq = s.indexOf('=');
        int colon = s.indexOf(':');
        if (eq >= 0 && (colon < 0 || eq < colon)) {
            collection = s.substring(0, eq).trim();
            s = s.substring(eq + 1).trim();
            colon = s.indexOf(':');
            if (!Limits.COLLECTION_NAME.matcher(collection).matches()) {
                throw new IllegalArgumentException("'" + collection + "' is not a collection name; expected "
                        + "[NAME=]flat|hnsw[:m=16,efConstruction=100,efSearch=64]|ivfflat[:lists=100,probes=10]");
            }
        }
        String typeName = (colon < 0 ? s : s.substring(0, colon)).trim();
        IndexType type;
        try {
            type = IndexType.valueOf(typeName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown index type '" + typeName + "'; expected flat, hnsw or ivfflat");
        }
        Map<String, Integer> values = new LinkedHashMap<>();
        if (colon >= 0) {
            for (String pair : s.substring(colon + 1).split(",", -1)) {
                int at = pair.indexOf('=');
                if (at < 0) {
                    throw new IllegalArgumentException("'" + pair.trim() + "' is not KEY=VALUE (e.g. " + example(type) + ")");
                }
                String key = canonicalKey(type, pair.substring(0, at).trim());
                String value = pair.substring(at + 1).trim();
                int n;
                try {
                    n = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(key + " must be an integer, was '" + value + "'");
                }
                if (values.put(key, n) != null) {
                    throw new IllegalArgumentException(key + " is given twice");
                }
            }
        }
        IndexSpec spec = new IndexSpec(collection, type, values);
        spec.check();
        return spec;
    }

    /**
     * The index a target collection gets.
     *
     * @param source the source collection's index, or null for none
     * @return the given keys over the source's values when its type is the same, else over the defaults
     * @throws InvalidInputException naming {@code index.*} when the combination is out of range
     */
    public IndexParams resolve(IndexParams source) {
        return build(source != null && source.type() == type ? source : defaults(type));
    }

    /** @return the canonical form, e.g. {@code docs=hnsw:m=32,efSearch=64} */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (collection != null) {
            b.append(collection).append('=');
        }
        b.append(type.name().toLowerCase(Locale.ROOT));
        String sep = ":";
        for (Map.Entry<String, Integer> e : values.entrySet()) {
            b.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = ",";
        }
        return b.toString();
    }

    /**
     * Checks what was given, before the source is known: each value against its own {@link IndexParams} range, and
     * {@code efConstruction >= m} and {@code probes <= lists} when both sides are given. A value whose partner is
     * left out may still clash with the source's partner; {@link #resolve} checks the real combination.
     */
    private void check() {
        values.forEach((key, value) -> {
            int[] range = RANGES.get(key);
            if (value < range[0] || value > range[1]) {
                throw new IllegalArgumentException("index." + key + ": must be between " + range[0] + " and " + range[1] + ", was " + value);
            }
        });
        Integer m = values.get("m");
        Integer efConstruction = values.get("efConstruction");
        if (m != null && efConstruction != null && efConstruction < m) {
            throw new IllegalArgumentException("index.efConstruction: must be between m (" + m + ") and " + Limits.MAX_EF + ", was " + efConstruction);
        }
        Integer lists = values.get("lists");
        Integer probes = values.get("probes");
        if (lists != null && probes != null && probes > lists) {
            throw new IllegalArgumentException("index.probes: must be between 1 and lists (" + lists + "), was " + probes);
        }
    }

    private IndexParams build(IndexParams base) {
        int lists = values.getOrDefault("lists", type == IndexType.IVFFLAT ? base.lists() : IndexParams.DEFAULT_LISTS);
        int probes = values.getOrDefault("probes", type == IndexType.IVFFLAT ? base.probes() : IndexParams.DEFAULT_PROBES);
        return new IndexParams(type, values.getOrDefault("m", base.m()), values.getOrDefault("efConstruction", base.efConstruction()),
                values.getOrDefault("efSearch", base.efSearch()), lists, probes);
    }

    private static IndexParams defaults(IndexType type) {
        switch (type) {
            case HNSW:
                return IndexParams.DEFAULT;
            case IVFFLAT:
                return IndexParams.ivfflat(IndexParams.DEFAULT_LISTS, IndexParams.DEFAULT_PROBES);
            default:
                return IndexParams.flat();
        }
    }

    private static String canonicalKey(IndexType type, String key) {
        String k = key.replace("_", "").toLowerCase(Locale.ROOT);
        for (String known : KEYS.get(type)) {
            if (known.toLowerCase(Locale.ROOT).equals(k)) {
                return known;
            }
        }
        throw new IllegalArgumentException("unknown key '" + key + "' for " + type.name().toLowerCase(Locale.ROOT)
                + (KEYS.get(type).isEmpty() ? ", which takes none" : "; expected " + String.join(", ", KEYS.get(type))));
    }

    private static String example(IndexType type) {
        switch (type) {
            case HNSW:
                return "hnsw:m=16,efConstruction=100";
            case IVFFLAT:
                return "ivfflat:lists=100,probes=10";
            default:
                return "flat";
        }
    }
}
