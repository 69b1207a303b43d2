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
