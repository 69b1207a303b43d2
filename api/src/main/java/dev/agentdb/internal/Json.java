package dev.agentdb.internal;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.agentdb.AgentDBException;
import dev.agentdb.InvalidInputException;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one Jackson mapper of the project and the metadata (de)serialisation every adapter uses, so
 * that metadata round-trips identically on every backend. Not API.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .build();
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .build();

    /** Reads integers as their natural node type so that values beyond {@code long} survive; {@link #toJava} maps them. */
    private static final com.fasterxml.jackson.databind.ObjectReader READER = MAPPER.reader()
            .without(DeserializationFeature.USE_LONG_FOR_INTS);

    private Json() {
    }

    /** @return the shared, thread-safe mapper (integers read as {@code Long}) */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Serialises metadata to JSON text: same as {@code write("metadata", metadata)}.
     *
     * @param metadata a JSON object as a map; null gives {@code "{}"}
     * @return the JSON text
     * @throws InvalidInputException naming {@code metadata} and the path inside it when a value is
     *         outside the value domain (see {@link #write(String, Map)})
     */
    public static String write(Map<String, Object> metadata) {
        return write("metadata", metadata);
    }

    /**
     * Serialises metadata to JSON text, after checking, without recursion, that every backend can
     * store it: string keys, values that are maps, lists, strings in
     * {@link dev.agentdb.Limits#STRING_DOMAIN}, finite numbers, booleans or null, at most
     * {@link dev.agentdb.Limits#MAX_METADATA_DEPTH} deep, and no map or list containing itself.
     * The size limit is {@link Validation#metadata}'s.
     *
     * @param field the name of the metadata in errors, e.g. {@code "records[2].metadata"}
     * @param metadata a JSON object as a map; null gives {@code "{}"}
     * @return the JSON text
     * @throws InvalidInputException naming the field and the path inside it (e.g.
     *         {@code metadata.a.b[3]}) of the first value outside the domain, and the limit
     */
    public static String write(String field, Map<String, Object> metadata) {
        if (metadata == null) {
            return "{}";
        }
        JsonValues.check(field, metadata);
        try {
            return MAPPER.writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(field, "cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Serialises any JSON-compatible value with object keys sorted, so that equal metadata gives
     * equal text whatever the map order (used for checksums).
     *
     * @param value a JSON-compatible value
     * @return canonical JSON text
     */
    public static String canonical(Object value) {
        try {
            return CANONICAL.writeValueAsString(value == null ? Map.of() : value);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("metadata", "cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Parses stored metadata text.
     *
     * @param json JSON object text; null or blank gives an empty map
     * @return a mutable map preserving key order; integers as {@code Long}
     * @throws AgentDBException when the stored text is not a JSON object (a corrupt row)
     */
    public static Map<String, Object> readObject(String json) {
        if (json == null || json.isBlank()) {
            return new LinkedHashMap<>();
        }
        try (JsonParser p = MAPPER.createParser(json)) {
            JsonToken first = p.nextToken();
            if (first == null || first == JsonToken.VALUE_NULL) {
                return new LinkedHashMap<>();
            }
            if (first != JsonToken.START_OBJECT) {
                throw new AgentDBException("stored metadata is not a JSON object: " + abbreviate(json));
            }
            return readObjectBody(p);
        } catch (IOException e) {
            throw new AgentDBException("stored metadata is not valid JSON: " + abbreviate(json), e);
        }
    }

    /**
     * Builds the object whose {@code START_OBJECT} the parser has just read, straight from the token
     * stream (no tree in between: this runs for every row of every search result), without recursion:
     * the containers being filled are kept on a stack, so depth is bounded only by the parser's own
     * nesting limit (1,000). Values: integers as {@code Long} ({@code BigInteger} beyond long), decimals
     * as {@code Double}, strings, booleans, null, nested objects and arrays as maps and lists (an
     * embedded binary or POJO node of a tree as null); a repeated key keeps its first place and its
     * last value, as Jackson's tree does.
     */
    private static Map<String, Object> readObjectBody(JsonParser p) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        ArrayDeque<Object> open = new ArrayDeque<>();
        Object current = root;
        String name = null;
        for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
            switch (t) {
                case FIELD_NAME -> name = p.currentName();
                case START_OBJECT, START_ARRAY -> {
                    Object child = t == JsonToken.START_OBJECT ? new LinkedHashMap<String, Object>() : new ArrayList<>();
                    put(current, name, child);
                    open.push(current);
                    current = child;
                }
                case END_OBJECT, END_ARRAY -> {
                    if (open.isEmpty()) {
                        return root;
                    }
                    current = open.pop();
                }
                case VALUE_STRING -> put(current, name, p.getText());
                case VALUE_NUMBER_INT -> put(current, name, integer(p));
                case VALUE_NUMBER_FLOAT -> put(current, name, p.getDoubleValue());
                case VALUE_TRUE -> put(current, name, Boolean.TRUE);
                case VALUE_FALSE -> put(current, name, Boolean.FALSE);
                default -> put(current, name, null); // VALUE_NULL (JSON text has no embedded objects)
            }
        }
        throw new JsonParseException(p, "unexpected end of the metadata object");
    }

    /** @return the current integer as a {@code Long}, or a {@code BigInteger} beyond long */
    private static Object integer(JsonParser p) throws IOException {
        if (p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return p.getLongValue();
        }
        BigInteger big = p.getBigIntegerValue();
        return big.bitLength() < Long.SIZE ? (Object) big.longValue() : big; // a tree's big-integer node may hold a long
    }

    @SuppressWarnings("unchecked")
    private static void put(Object container, String name, Object value) {
        if (container instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).put(name, value);
        } else {
            ((List<Object>) container).add(value);
        }
    }

    /**
     * Parses JSON text into a tree the way stored metadata is parsed: integers keep their natural
     * node type, so a valid JSON integer beyond {@code long} is read (as a big integer) rather than
     * refused; {@link #toMap} maps an object node to Java.
     *
     * @param json JSON text; not null
     * @return the tree, or null for blank text
     * @throws JsonProcessingException when the text is not JSON or exceeds Jackson's limits (nesting
     *         deeper than 1,000, a string or number longer than it reads), with or without a location
     */
    public static JsonNode readTree(String json) throws JsonProcessingException {
        return READER.readTree(json);
    }

    /**
     * Parses user-supplied metadata text (CLI, JSONL import).
     *
     * @param json JSON object text
     * @param field the field name to report, e.g. {@code "line 12: metadata"}
     * @return the map
     * @throws InvalidInputException naming the field when the text is not a JSON object
     */
    public static Map<String, Object> parseObject(String json, String field) {
        try {
            JsonNode node = READER.readTree(json);
            if (node == null || !node.isObject()) {
                throw new InvalidInputException(field, "must be a JSON object");
            }
            return toMap(node);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(field, "malformed JSON"
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr()) + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * @param json JSON text
     * @return its size in bytes of UTF-8
     */
    public static int utf8Length(String json) {
        return json.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    /**
     * Maps a parsed JSON object to Java the way stored metadata is read: integers as {@code Long}
     * ({@code BigInteger} beyond long), decimals as {@code Double}, nested objects and arrays as
     * maps and lists.
     *
     * @param node a JSON object node, as parsed by Jackson (so at most Jackson's nesting limit deep)
     * @return a mutable map preserving key order
     */
    public static Map<String, Object> toMap(JsonNode node) {
        if (!node.isObject()) {
            return new LinkedHashMap<>();
        }
        try (JsonParser p = node.traverse()) {
            p.nextToken(); // START_OBJECT
            return readObjectBody(p); // the one mapping of JSON values to Java, for trees and text alike
        } catch (IOException e) {
            throw new AgentDBException("cannot map a JSON tree: " + e.getMessage(), e); // a tree in memory does not fail to read
        }
    }
}
