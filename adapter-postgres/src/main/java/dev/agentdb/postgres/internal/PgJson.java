package dev.agentdb.postgres.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentdb.InvalidInputException;
import dev.agentdb.internal.Json;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * Metadata JSON as stored in a {@code jsonb} column so that it reads back with the same Java types
 * as on every other backend.
 *
 * <p>Why: {@code jsonb} stores numbers as {@code numeric}, which forgets exponent notation:
 * {@code -2.5E300} comes back as a 301-digit integer and {@code 1.0E7} as {@code 10000000}, which
 * {@link Json#readObject} would read as an integer instead of a {@code Double}. So every fractional
 * JSON number (one {@link Json#write} writes with a {@code .} or an exponent) is written in plain
 * decimal notation with at least one digit after the point ({@code 10000000.0}); {@code numeric}
 * keeps that scale, and integers stay integers. Not API.
 */
public final class PgJson {
    private static final ObjectMapper DECIMAL_READER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private PgJson() {
    }

    /**
     * @param metadata a JSON object as a map; null gives {@code {}}
     * @return JSON text for a {@code jsonb} value (fractions in plain decimal notation)
     * @throws InvalidInputException naming {@code metadata} when a value cannot be written as JSON
     */
    public static String write(Map<String, Object> metadata) {
        String json = Json.write(metadata);
        if (json.indexOf('.') < 0 && json.indexOf('E') < 0 && json.indexOf('e') < 0) {
            return json; // no fractional number can be in it
        }
        try {
            JsonNode tree = DECIMAL_READER.readTree(json);
            return DECIMAL_READER.writeValueAsString(plain(tree));
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("metadata", "cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * @param value a scalar filter or metadata value (String, Long, Double, Boolean) or null
     * @return its JSON text, fractions in plain decimal notation
     */
    public static String scalar(Object value) {
        if (value instanceof Double || value instanceof Float) {
            return plainDecimal(new BigDecimal(value.toString()));
        }
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("filter", "value cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String plainDecimal(BigDecimal d) {
        return (d.scale() < 1 ? d.setScale(1) : d).toPlainString();
    }

    private static JsonNode plain(JsonNode node) {
        if (node instanceof DecimalNode) {
            BigDecimal d = node.decimalValue();
            return DecimalNode.valueOf(d.scale() < 1 ? d.setScale(1) : d);
        }
        if (node instanceof ObjectNode) {
            ObjectNode o = (ObjectNode) node;
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                e.setValue(plain(e.getValue()));
            }
            return o;
        }
        if (node instanceof ArrayNode) {
            ArrayNode a = (ArrayNode) node;
            for (int i = 0; i < a.size(); i++) {
                a.set(i, plain(a.get(i)));
            }
            return a;
        }
        return node;
    }
}
