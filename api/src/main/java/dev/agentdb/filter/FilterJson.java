package dev.agentdb.filter;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Limits;
import dev.agentdb.internal.Json;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Reads and writes the MongoDB-style JSON form of {@link Filter}. */
final class FilterJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /**
     * Strict reading: text after the filter object (<code>{"a":1}}</code>) and a key given twice in
     * one object (<code>{"year":{"$gte":2020},"year":{"$lt":2022}}</code>) are errors, never silently dropped
     * conditions. Integers keep their natural node type (int, long or big integer) so that a valid
     * JSON number beyond the range of {@code long} is accepted and normalised like the builders do.
     */
    private static final ObjectReader READER = Json.mapper().reader()
            .without(DeserializationFeature.USE_LONG_FOR_INTS)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private FilterJson() {
    }

    static Filter parse(String json) {
        if (json == null) {
            throw new InvalidInputException("filter", "must not be null");
        }
        JsonNode root;
        try {
            root = READER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            throw new InvalidInputException("filter", "malformed JSON"
                    + (where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr())
                    + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new InvalidInputException("filter", "is empty; expected a JSON object such as {\"a\": 1}");
        }
        return parseObject(root, "$", 0);
    }

    /**
     * Refuses nesting beyond {@link Limits#MAX_FILTER_DEPTH} before descending, so that the
     * recursion of the parser is bounded by the limit, not by the input.
     *
     * @param nesting the logical operators ({@code $and}, {@code $or}, {@code $not}) around {@code at}
     */
    private static void checkNesting(String at, int nesting) {
        if (nesting >= Limits.MAX_FILTER_DEPTH) {
            throw error(at, "the filter is nested deeper than the limit of " + Limits.MAX_FILTER_DEPTH
                    + " levels (Limits.MAX_FILTER_DEPTH; each $and, $or and $not adds one, $nor two)");
        }
    }

    private static Filter parseObject(JsonNode node, String at, int nesting) {
        checkNesting(at, nesting);
        if (!node.isObject()) {
            throw error(at, "expected an object, got " + kind(node));
        }
        List<Filter> parts = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            String key = e.getKey();
            String here = at + "." + key;
            switch (key) {
                case "$and": parts.add(located(here, () -> new Filter.And(parseList(e.getValue(), here, nesting + 1)))); break;
                case "$or": parts.add(located(here, () -> new Filter.Or(parseList(e.getValue(), here, nesting + 1)))); break;
                case "$nor": parts.add(located(here, () -> new Filter.Not(new Filter.Or(parseList(e.getValue(), here, nesting + 2))))); break;
                case "$not": parts.add(located(here, () -> new Filter.Not(parseObject(e.getValue(), here, nesting + 1)))); break;
                default:
                    if (key.startsWith("$")) {
                        throw error(here, "unknown logical operator '" + key + "'; expected $and, $or, $nor, $not or a metadata path");
                    }
                    parts.add(parseField(key, e.getValue(), here, nesting));
            }
        }
        return parts.size() == 1 ? parts.get(0) : located(at, () -> new Filter.And(parts));
    }

    private static List<Filter> parseList(JsonNode node, String at, int nesting) {
        if (!node.isArray()) {
            throw error(at, "expected an array of filters, got " + kind(node));
        }
        if (node.size() >= Limits.MAX_FILTER_CLAUSES) {
            throw error(at, node.size() + " operands; a filter holds at most " + Limits.MAX_FILTER_CLAUSES
                    + " clauses (Limits.MAX_FILTER_CLAUSES); put alternatives for one path into one $in");
        }
        List<Filter> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(parseObject(node.get(i), at + "[" + i + "]", nesting));
        }
        return out;
    }

    private static Filter parseField(String path, JsonNode node, String at, int nesting) {
        checkNesting(at, nesting);
        located(at, () -> {
            FilterValues.checkPath(path);
            return path;
        });
        if (!node.isObject() || node.isEmpty() || !node.fieldNames().next().startsWith("$")) {
            return located(at, () -> new Filter.Comparison(path, Filter.Op.EQ, scalar(node, at)));
        }
        List<Filter> parts = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> ops = node.fields();
        while (ops.hasNext()) {
            Map.Entry<String, JsonNode> e = ops.next();
            String here = at + "." + e.getKey();
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "$eq": parts.add(located(here, () -> new Filter.Comparison(path, Filter.Op.EQ, scalar(v, here)))); break;
                case "$ne": parts.add(located(here, () -> new Filter.Comparison(path, Filter.Op.NE, scalar(v, here)))); break;
                case "$gt": parts.add(located(here, () -> new Filter.Comparison(path, Filter.Op.GT, scalar(v, here)))); break;
                case "$gte": parts.add(located(here, () -> new Filter.Comparison(path, Filter.Op.GTE, scalar(v, here)))); break;
                case "$lt": parts.add(located(here, () -> new Filter.Comparison(path, Filter.Op.LT, scalar(v, here)))); break;
                case "$lte": parts.add(located(here, () -> new Filter.Comparison(path, Filter.Op.LTE, scalar(v, here)))); break;
                case "$in": parts.add(located(here, () -> new Filter.In(path, scalars(v, here)))); break;
                case "$nin": parts.add(located(here, () -> new Filter.Nin(path, scalars(v, here)))); break;
                case "$exists":
                    if (!v.isBoolean()) {
                        throw error(here, "expected true or false, got " + kind(v));
                    }
                    parts.add(new Filter.Exists(path, v.booleanValue()));
                    break;
                case "$not":
                    parts.add(located(here, () -> new Filter.Not(parseField(path, v, here, nesting + 1))));
                    break;
                default:
                    throw error(here, "unknown operator '" + e.getKey()
                            + "'; expected $eq, $ne, $gt, $gte, $lt, $lte, $in, $nin, $exists or $not");
            }
        }
        return parts.size() == 1 ? parts.get(0) : located(at, () -> new Filter.And(parts));
    }

    /**
     * Runs a record constructor and reports a value or path it refuses at the JSON position where
     * it stood (e.g. {@code $.year.$gte}), not only at its field.
     */
    private static <T> T located(String at, Supplier<T> make) {
        try {
            return make.get();
        } catch (InvalidInputException e) {
            if (e.field().startsWith("filter at ")) {
                throw e;
            }
            throw error(at, e.getMessage());
        }
    }

    private static Object scalar(JsonNode v, String at) {
        if (v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNumber()) {
            return v.numberValue();
        }
        throw error(at, "expected a string, number, boolean or null, got " + kind(v));
    }

    private static List<Object> scalars(JsonNode v, String at) {
        if (!v.isArray()) {
            throw error(at, "expected an array of values, got " + kind(v));
        }
        List<Object> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            Object s = scalar(v.get(i), at + "[" + i + "]");
            if (s == null) {
                throw error(at + "[" + i + "]", "null is not allowed in $in/$nin");
            }
            out.add(s);
        }
        return out;
    }

    private static String kind(JsonNode v) {
        return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static InvalidInputException error(String at, String problem) {
        return new InvalidInputException("filter at " + at, problem);
    }

    // ---------------------------------------------------------------- writing

    static String write(Filter filter) {
        return toNode(filter).toString();
    }

    private static ObjectNode toNode(Filter f) {
        ObjectNode out = NODES.objectNode();
        if (f instanceof Filter.Comparison) {
            Filter.Comparison c = (Filter.Comparison) f;
            out.set(c.path(), NODES.objectNode().set(c.op().jsonName(), Json.mapper().valueToTree(c.value())));
        } else if (f instanceof Filter.In) {
            out.set(((Filter.In) f).path(), NODES.objectNode().set("$in", Json.mapper().valueToTree(((Filter.In) f).values())));
        } else if (f instanceof Filter.Nin) {
            out.set(((Filter.Nin) f).path(), NODES.objectNode().set("$nin", Json.mapper().valueToTree(((Filter.Nin) f).values())));
        } else if (f instanceof Filter.Exists) {
            out.set(((Filter.Exists) f).path(), NODES.objectNode().put("$exists", ((Filter.Exists) f).exists()));
        } else if (f instanceof Filter.And) {
            out.set("$and", array(((Filter.And) f).filters()));
        } else if (f instanceof Filter.Or) {
            out.set("$or", array(((Filter.Or) f).filters()));
        } else if (f instanceof Filter.Not) {
            out.set("$not", toNode(((Filter.Not) f).filter()));
        } else {
            throw new AssertionError(f);
        }
        return out;
    }

    private static ArrayNode array(List<Filter> filters) {
        ArrayNode a = NODES.arrayNode();
        for (Filter f : filters) {
            a.add(toNode(f));
        }
        return a;
    }
}
