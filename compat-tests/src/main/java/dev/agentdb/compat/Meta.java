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
}
