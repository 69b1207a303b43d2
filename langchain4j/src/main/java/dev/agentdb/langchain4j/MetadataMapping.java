package dev.agentdb.langchain4j;

import dev.langchain4j.data.document.Metadata;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * LangChain4j {@link Metadata} to AgentDB metadata (a JSON object) and back.
 *
 * <p>Stored as JSON, a value keeps its kind but not always its Java class, as in LangChain4j's other
 * JSON-backed stores; {@code Metadata}'s typed getters ({@code getUUID}, {@code getInteger},
 * {@code getLong}, {@code getFloat}, {@code getDouble}) read every value back exactly:
 * <ul>
 *   <li>{@code UUID} is stored as its string; {@code getUUID} parses it.</li>
 *   <li>{@code Float} is stored as the double of its shortest decimal form ({@code Float.toString}):
 *       {@code 1.23f} becomes {@code 1.23}, which {@code getFloat} turns back into {@code 1.23f}, and
 *       which filters on {@code 1.23f} compare against (see {@link AgentDbFilterTranslator}).</li>
 *   <li>Integral numbers come back as {@code Integer} when they fit, else {@code Long}.</li>
 * </ul>
 */
final class MetadataMapping {

    private MetadataMapping() {
    }

    /**
     * @param metadata LangChain4j metadata, or null
     * @return a new JSON object for AgentDB (empty for null)
     */
    static Map<String, Object> toAgentDb(Metadata metadata) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (metadata != null) {
            metadata.toMap().forEach((k, v) -> out.put(k, toAgentDb(v)));
        }
        return out;
    }

    /**
     * @param value a metadata or filter value
     * @return the JSON value AgentDB stores and compares: UUIDs as strings, floats at their decimal
     *         value, anything else unchanged
     */
    static Object toAgentDb(Object value) {
        if (value instanceof UUID uuid) {
            return uuid.toString();
        }
        if (value instanceof Float f) {
            // (double) 1.23f is 1.2300000190734863; the decimal form is what a JSON reader sees again
            return Double.parseDouble(Float.toString(f));
        }
        return value;
    }

    /**
     * @param metadata an AgentDB record's metadata (a JSON object), or null
     * @return LangChain4j metadata with every String and Number entry; entries LangChain4j cannot
     *         hold (booleans, nulls, arrays, objects, integers beyond {@code long}: written by other
     *         AgentDB clients) are left out
     */
    static Metadata fromAgentDb(Map<String, Object> metadata) {
        Metadata out = new Metadata();
        if (metadata == null) {
            return out;
        }
        metadata.forEach((k, v) -> {
            if (v instanceof String s) {
                out.put(k, s);
            } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
                long l = ((Number) v).longValue();
                if (l == (int) l) {
                    out.put(k, (int) l);
                } else {
                    out.put(k, l);
                }
            } else if (v instanceof BigInteger big && big.bitLength() < Long.SIZE) {
                out.put(k, big.longValue());
            } else if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
                out.put(k, ((Number) v).doubleValue());
            }
        });
        return out;
    }
}
