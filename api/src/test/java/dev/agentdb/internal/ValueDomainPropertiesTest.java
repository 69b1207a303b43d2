package dev.agentdb.internal;

import dev.agentdb.InvalidInputException;
import dev.agentdb.Limits;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of the value domain (issue 9, findings 1, 2, 3 and 6), against an oracle written
 * independently of the code: a string is stored when the JDK's UTF-8 encoder can encode it and it
 * holds no NUL; metadata is stored when it is at most {@link Limits#MAX_METADATA_DEPTH} deep and every
 * string and number in it is storable. Whatever is accepted reads back equal; whatever is refused is
 * refused with {@link InvalidInputException}, never another throwable.
 */
class ValueDomainPropertiesTest {

    static boolean storable(String s) {
        return s.indexOf('\u0000') < 0 && StandardCharsets.UTF_8.newEncoder().canEncode(s);
    }

    @Provide
    Arbitrary<String> strings() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(8),
                Arbitraries.strings().withCharRange('\ud7f0', '\ue010').ofMaxLength(6),
                Arbitraries.strings().alpha().numeric().withChars('\u0000', '\ud83d', '\ude80', ' ', '"', '\\')
                        .ofMinLength(0).ofMaxLength(Limits.MAX_ID_LENGTH + 5));
    }

    /**
     * Ids are accepted exactly when they are 1 to {@link Limits#MAX_ID_LENGTH} characters of storable
     * text.
     *
     * @param id any string
     */
    @Property(tries = 3_000)
    void ids_are_accepted_exactly_when_storable(@ForAll("strings") String id) {
        boolean expected = !id.isEmpty() && id.length() <= Limits.MAX_ID_LENGTH && storable(id);
        try {
            Validation.id("id", id);
            assertThat(expected).as("accepted %s", escape(id)).isTrue();
        } catch (InvalidInputException e) {
            assertThat(expected).as("refused %s: %s", escape(id), e.getMessage()).isFalse();
            assertThat(e.field()).isEqualTo("id");
        }
    }

    /**
     * Metadata is accepted exactly when it is within the depth limit and holds only storable
     * strings and finite numbers, and then reads back equal.
     *
     * @param sample generated metadata with what the oracle expects of it
     */
    @Property(tries = 2_000)
    void metadata_is_accepted_exactly_when_storable_and_then_reads_back_equal(@ForAll("metadata") Sample sample) {
        try {
            String json = Json.write(sample.metadata());
            assertThat(sample.storable()).as("accepted %s", sample).isTrue();
            assertThat(Json.readObject(json)).isEqualTo(sample.metadata());
        } catch (InvalidInputException e) {
            assertThat(sample.storable()).as("refused %s: %s", sample, e.getMessage()).isFalse();
            assertThat(e.field()).startsWith("metadata");
        }
    }

    /**
     * Generated metadata and the oracle's verdict.
     *
     * @param metadata the metadata: a chain of {@code depth} nested objects and arrays with leaves along it
     * @param depth its depth as {@link Limits#MAX_METADATA_DEPTH} counts it
     * @param storable whether every leaf and key is storable
     */
    record Sample(Map<String, Object> metadata, int depth, boolean storable) {
        @Override
        public String toString() {
            return "depth " + depth + (storable ? ", storable leaves" : ", a bad leaf");
        }
    }

    @Provide
    Arbitrary<Sample> metadata() {
        Arbitrary<Object> leaf = Arbitraries.oneOf(
                strings().map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().withSpecialValue(Double.NaN).withSpecialValue(Double.POSITIVE_INFINITY)
                        .withSpecialValue(-0.0).map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(null));
        return Combinators.combine(Arbitraries.integers().between(1, Limits.MAX_METADATA_DEPTH + 8),
                leaf.list().ofMaxSize(40), strings().list().ofMaxSize(40), Arbitraries.randoms())
                .as(ValueDomainPropertiesTest::nest);
    }

    /** Builds a chain of {@code depth} containers, the outermost an object, with leaves spread along it. */
    private static Sample nest(int depth, List<Object> leaves, List<String> keys, Random random) {
        Object inner = null;
        int next = 0;
        for (int level = depth; level >= 1; level--) {
            boolean object = level == 1 || random.nextBoolean();
            int take = Math.min(leaves.size() - next, random.nextInt(3));
            if (object) {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = 0; i < take; i++) {
                    String key = keys.isEmpty() ? "k" + i : keys.get((next + i) % keys.size()) + "#" + i;
                    m.put(key, leaves.get(next + i));
                }
                if (inner != null) {
                    m.put("in", inner);
                }
                inner = m;
            } else {
                List<Object> l = new ArrayList<>(leaves.subList(next, next + take));
                if (inner != null) {
                    l.add(random.nextInt(l.size() + 1), inner);
                }
                inner = l;
            }
            next += take;
        }
        List<Object> used = leaves.subList(0, next);
        boolean leavesOk = used.stream().allMatch(v -> !(v instanceof String s) || storable(s))
                && used.stream().allMatch(v -> !(v instanceof Double d) || Double.isFinite(d));
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) inner;
        return new Sample(root, depth, depth <= Limits.MAX_METADATA_DEPTH && leavesOk && keysOk(root));
    }

    /** Whether every key of every object along the chain is storable (an independent walk of the result). */
    private static boolean keysOk(Object value) {
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!storable((String) e.getKey()) || !keysOk(e.getValue())) {
                    return false;
                }
            }
        } else if (value instanceof List<?> l) {
            for (Object e : l) {
                if (!keysOk(e)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < Math.min(s.length(), 40); i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || Character.isSurrogate(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.append(s.length() > 40 ? "...\" (" + s.length() + " chars)" : "\"").toString();
    }
}
