package dev.agentdb.compat;

import dev.agentdb.Limits;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Metadata drawn from jqwik arbitraries, each with the verdict of an oracle that knows how it was
 * made (not the API's own checks): a chain of nested objects and arrays of a random depth with small
 * leaves and side branches along it, then, for some samples, one defect from outside the value
 * domain (too deep, a cycle, NaN, NUL, an unpaired surrogate, a non-JSON value, a non-string key,
 * too large).
 *
 * @param metadata the metadata (at the top an object)
 * @param defect what makes it unstorable, or {@code null} when every backend must store it
 * @param key a top-level key whose segments a filter path accepts, holding {@code value}
 * @param value a scalar (String, Long or Boolean) stored at {@code key}
 */
record GeneratedMetadata(Map<String, Object> metadata, String defect, String key, Object value) {

    /** @return whether every backend must accept and store it */
    boolean storable() {
        return defect == null;
    }

    @Override
    public String toString() {
        return (defect == null ? "storable" : defect) + " metadata, " + metadata.size() + " top-level keys";
    }

    /** @return storable and unstorable metadata, about half each */
    static Arbitrary<GeneratedMetadata> any() {
        return Arbitraries.frequencyOf(Tuple.of(1, storableOnes()), Tuple.of(1, withDefect()));
    }

    /** @return metadata every backend must store: up to {@link Limits#MAX_METADATA_DEPTH} deep */
    static Arbitrary<GeneratedMetadata> storableOnes() {
        Arbitrary<Integer> depth = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.integers().between(1, 4)),
                Tuple.of(2, Arbitraries.integers().between(5, Limits.MAX_METADATA_DEPTH)),
                Tuple.of(1, Arbitraries.just(Limits.MAX_METADATA_DEPTH)));
        return Combinators.combine(depth, leaf().list().ofMaxSize(24), keys().list().ofMinSize(1).ofMaxSize(24),
                scalar(), Arbitraries.randoms()).as(GeneratedMetadata::chain);
    }

    private static Arbitrary<GeneratedMetadata> withDefect() {
        return Combinators.combine(storableOnes(), Arbitraries.integers().between(0, 10), Arbitraries.randoms())
                .as(GeneratedMetadata::spoil);
    }

    /** @return whether a string is in the value domain: encodable as UTF-8 and without NUL */
    static boolean storable(String s) {
        return s.indexOf('\u0000') < 0 && StandardCharsets.UTF_8.newEncoder().canEncode(s);
    }

    /** @return storable strings: awkward ones (escapes, controls, emoji, RTL) and plain ones */
    static Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(12).filter(GeneratedMetadata::storable),
                Arbitraries.strings().withChars("\"\\/'\n\t\u0001\u007f\u2028\u00e9\u4e2d\u0645 ").ofMaxLength(10),
                Arbitraries.of("\ud83d\ude80", "\ud834\udd1e", "", " ", "null", "true", "0", "x'); DROP TABLE vectors; --"));
    }

    /** @return object keys: mostly ones a filter path can name, some any storable string */
    static Arbitrary<String> keys() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.strings().withChars("abcdefgh_-0123456789").ofMinLength(1).ofMaxLength(6)),
                Tuple.of(1, text()));
    }

    private static Arbitrary<Object> scalar() {
        return Arbitraries.oneOf(
                text().map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.of(true, false).map(b -> (Object) b));
    }

    private static Arbitrary<Object> leaf() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, scalar()),
                Tuple.of(2, Arbitraries.doubles().map(d -> (Object) d)),
                Tuple.of(1, Arbitraries.bigIntegers().between(BigInteger.TWO.pow(64), BigInteger.TWO.pow(90))
                        .map(b -> (Object) b)),
                Tuple.of(1, Arbitraries.just(null)));
    }

    /** A chain of {@code depth} containers (the outermost an object) with leaves and short side branches. */
    private static GeneratedMetadata chain(int depth, List<Object> leaves, List<String> keys, Object value, Random random) {
        Object inner = null;
        int next = 0;
        for (int level = depth; level >= 1; level--) {
            int take = Math.min(leaves.size() - next, random.nextInt(3));
            List<Object> here = new ArrayList<>(leaves.subList(next, next + take));
            next += take;
            if (level + 1 <= depth && random.nextInt(4) == 0) {
                here.add(random.nextBoolean() ? new ArrayList<>(List.of(1L, "two")) : new LinkedHashMap<>(Map.of("s", "t")));
            }
            if (level == 1 || random.nextBoolean()) {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = 0; i < here.size(); i++) {
                    m.put(keys.get((level + i) % keys.size()) + "." + i, here.get(i));
                }
                if (inner != null) {
                    m.put(keys.get(level % keys.size()), inner);
                }
                inner = m;
            } else {
                if (inner != null) {
                    here.add(random.nextInt(here.size() + 1), inner);
                }
                inner = here;
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) inner;
        String key = "p" + Integer.toString(random.nextInt(1 << 20), 36);
        root.put(key, value);
        return new GeneratedMetadata(root, null, key, value);
    }

    /** Puts one defect into storable metadata. */
    private static GeneratedMetadata spoil(GeneratedMetadata base, int which, Random random) {
        Map<String, Object> m = new LinkedHashMap<>(base.metadata());
        String defect;
        switch (which) {
            case 0 -> {
                int extra = random.nextInt(20) == 0 ? 10_000 : 1 + random.nextInt(40);
                m.put("deep", random.nextBoolean() ? Meta.nestedObjects(Limits.MAX_METADATA_DEPTH + extra)
                        : Meta.nestedLists(Limits.MAX_METADATA_DEPTH + extra));
                defect = "too deep";
            }
            case 1 -> {
                Map<String, Object> loop = new LinkedHashMap<>();
                loop.put("back", random.nextBoolean() ? loop : List.of("x", loop));
                m.put("cycle", loop);
                defect = "a cycle";
            }
            case 2 -> {
                m.put("nan", List.of(1L, random.nextBoolean() ? Double.NaN : Double.NEGATIVE_INFINITY));
                defect = "a non-finite number";
            }
            case 3 -> {
                m.put("nul", "a\u0000" + random.nextInt());
                defect = "NUL in a value";
            }
            case 4 -> {
                m.put("k\u0000", 1L);
                defect = "NUL in a key";
            }
            case 5 -> {
                m.put("lone", Map.of("s", random.nextBoolean() ? "\ud800x" : "x\udfff"));
                defect = "an unpaired surrogate in a value";
            }
            case 6 -> {
                m.put("\udc00", 1L);
                defect = "an unpaired surrogate in a key";
            }
            case 7 -> {
                m.put("object", random.nextBoolean() ? new Object() : new float[] {1f});
                defect = "a non-JSON value";
            }
            case 8 -> {
                Map<Object, Object> intKeys = new LinkedHashMap<>();
                intKeys.put(7, "seven");
                m.put("intKeys", intKeys);
                defect = "a non-string key";
            }
            case 9 -> {
                m.put("big", "x".repeat(Limits.MAX_METADATA_BYTES + random.nextInt(1_000)));
                defect = "over the size limit";
            }
            default -> {
                m.put("float", random.nextBoolean() ? Float.NaN : Double.POSITIVE_INFINITY);
                defect = "a non-finite number";
            }
        }
        return new GeneratedMetadata(m, defect, base.key(), base.value());
    }
}
