package dev.agentdb.compat;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;

/** Short, printable forms of generated inputs for failure messages: control characters and lone surrogates escaped, long values cut. */
final class Printable {
    private static final int MAX = 100;

    private Printable() {
    }

    /**
     * @param value any generated value: a string, number, vector, collection or map (never walked
     *              deeply: it may contain itself)
     * @return a one-line form of at most about {@value #MAX} characters
     */
    static String of(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return "\"" + escape(s.length() > MAX ? s.substring(0, MAX) : s) + "\"" + (s.length() > MAX ? "... (" + s.length() + " chars)" : "");
        }
        if (value instanceof float[] v) {
            return v.length > 8 ? "float[" + v.length + "]" : Arrays.toString(v);
        }
        if (value instanceof Collection<?> c) {
            return c.size() > 6 ? "[" + c.size() + " values]" : escape(shallow(c));
        }
        if (value instanceof Map<?, ?> m) {
            return "{" + m.size() + " keys}";
        }
        return escape(String.valueOf(value));
    }

    private static String shallow(Collection<?> c) {
        StringBuilder b = new StringBuilder("[");
        for (Object e : c) {
            b.append(b.length() > 1 ? ", " : "").append(e instanceof Collection || e instanceof Map ? "..." : String.valueOf(e));
        }
        return b.append(']').toString();
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < MAX; i++) {
            char c = s.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            if (pair) {
                b.append(c).append(s.charAt(++i));
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
