package dev.agentdb.compat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.agentdb.internal.Json;

import java.util.Comparator;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions shared by the suites. */
public final class CompatAssertions {
    /** Numbers equal by value (2020 and 2020.0 alike); every other node by {@code equals}. */
    private static final Comparator<JsonNode> BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    /** Keeps integers beyond {@code long} (the project's mapper reads integers as {@code Long}, which they overflow). */
    private static final ObjectReader TREES = Json.mapper().reader().without(DeserializationFeature.USE_LONG_FOR_INTS);

    private CompatAssertions() {
    }

    private static JsonNode tree(Map<String, Object> metadata) {
        try {
            return TREES.readTree(Json.mapper().writeValueAsString(metadata == null ? Map.of() : metadata));
        } catch (JsonProcessingException ex) {
            throw new AssertionError("metadata cannot be written as JSON: " + ex.getOriginalMessage(), ex);
        }
    }

    /**
     * Asserts that two metadata objects are the same JSON after normalisation through the project's
     * mapper ({@link Json}): same key sets at every level, same strings, booleans, nulls and array
     * orders, numbers equal by value.
     *
     * @param actual what the backend returned
     * @param expected what was stored
     */
    public static void assertSameJson(Map<String, Object> actual, Map<String, Object> expected) {
        JsonNode a = tree(actual);
        JsonNode e = tree(expected);
        assertThat(a.equals(BY_VALUE, e))
                .as("metadata after JSON normalisation%n actual:   %s%n expected: %s", a, e)
                .isTrue();
    }
}
