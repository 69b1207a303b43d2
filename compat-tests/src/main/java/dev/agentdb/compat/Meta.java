package dev.agentdb.compat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders for metadata that may hold {@code null} values (which {@code Map.of} refuses). */
public final class Meta {
    private Meta() {
    }

    /**
     * @param keysAndValues alternating keys (String) and values (any JSON value, null allowed)
     * @return a mutable, ordered map
     */
    public static Map<String, Object> of(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must alternate");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }

    /**
     * @param values elements, null allowed
     * @return a mutable list
     */
    public static List<Object> list(Object... values) {
        return new ArrayList<>(Arrays.asList(values));
    }

    /**
     * @param depth how deep, 1 or more, as {@link dev.agentdb.Limits#MAX_METADATA_DEPTH} counts it
     * @return {@code {"a": {"a": ... {"leaf": 1}}}}: {@code depth} nested objects, built without recursion
     */
    public static Map<String, Object> nestedObjects(int depth) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> current = root;
        for (int i = 1; i < depth; i++) {
            Map<String, Object> next = new LinkedHashMap<>();
            current.put("a", next);
            current = next;
        }
        current.put("leaf", 1L);
        return root;
    }

    /**
     * @param depth how deep, 2 or more, as {@link dev.agentdb.Limits#MAX_METADATA_DEPTH} counts it
     * @return {@code {"l": [[...[1]...]]}}: an object holding {@code depth - 1} nested arrays, built without recursion
     */
    public static Map<String, Object> nestedLists(int depth) {
        List<Object> current = list(1L);
        for (int i = 2; i < depth; i++) {
            current = list(current);
        }
        return of("l", current);
    }

    /**
     * @return metadata holding a map that contains itself, {@code {"ok": 1, "me": <itself>}}
     */
    public static Map<String, Object> containingItself() {
        Map<String, Object> self = of("ok", 1L);
        self.put("me", self);
        return self;
    }

    /**
     * @return metadata holding a list that contains itself, {@code {"l": ["x", <the list>]}}
     */
    public static Map<String, Object> listContainingItself() {
        List<Object> l = list("x");
        l.add(l);
        return of("l", l);
    }

    /**
     * @return a new map exercising every JSON type and the usual escaping hazards: unicode, quotes,
     *         control characters, SQL, integers beyond 2^53, tiny and huge doubles, booleans, null,
     *         nested objects, mixed and empty arrays, keys with spaces, dots and dollars
     */
    public static Map<String, Object> everyJsonType() {
        return Meta.of(
                "plain", "hello",
                "unicode", "Zo\u00eb \u4e2d\u6587 \ud83d\ude80 \u0645\u0631\u062d\u0628\u0627",
                "quotes", "she said \"hi\" and 'bye' \\ back/slash",
                "control", "tab\there\nnewline\u0001",
                "sql", "x'); DROP TABLE vectors; --",
                "empty", "",
                "long", 9_007_199_254_740_993L,
                "negative", -42L,
                "zero", 0L,
                "double", 3.14159,
                "tiny", 1.5e-300,
                "big", -2.5e300,
                "yes", true,
                "no", false,
                "nothing", null,
                "nested", Meta.of("a", Meta.of("b", Meta.of("c", "deep")), "n", 1L, "nul", null),
                "array", Meta.list("x", 1L, 2.5, true, null, Meta.of("k", "v"), Meta.list(1L, 2L)),
                "emptyArray", Meta.list(),
                "emptyObject", Meta.of(),
                "key with spaces", "ok",
                "dotted.key", "literal dot",
                "$dollar", "value");
    }
}
