package dev.agentdb.postgres;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionSpec;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every operator of the jsonb translation against {@link Filter#test} over metadata chosen to hit
 * the corners: arrays (of scalars, nested arrays, objects), digit path segments through arrays,
 * JSON null vs missing, numbers around 2^53 and beyond long, code point order of non-ASCII strings,
 * typed comparisons (a numeric string is not a number, booleans only equal booleans).
 */
class PostgresFilterTranslationIT {
    @RegisterExtension
    static final PostgresTestSupport SUPPORT = new PostgresTestSupport();
    private static AgentDB db;
    private static VectorCollection docs;
    private static final Map<String, Map<String, Object>> CORPUS = new LinkedHashMap<>();

    @BeforeAll
    static void load() {
        db = AgentDB.open(SUPPORT.newSchemaUrl());
        docs = db.createCollection("docs", CollectionSpec.of(2, Metric.COSINE));
        put("scalar", m("n", 5L, "s", "b", "t", true));
        put("array", m("n", List.of(1L, 9L), "s", List.of("a", "z"), "t", List.of(false, true)));
        put("nestedArray", m("n", List.of(List.of(5L)), "s", List.of(List.of("b")), "t", List.of(List.of(true))));
        put("objects", m("n", Map.of("v", 5L), "a", List.of(Map.of("b", 1L)), "s", Map.of("0", "b")));
        put("nulls", m("n", null, "s", null, "a", null));
        put("empty", m());
        put("digitKey", m("a", m("0", m("b", 1L)), "s", "\u00e9t\u00e9"));
        put("big", m("n", 9_007_199_254_740_993L, "s", "\ud83d\ude80", "huge", new java.math.BigInteger("123456789012345678901234567890")));
        put("bigDouble", m("n", 9.007199254740992E15, "s", "Z", "f", 1.0E20));
        put("fraction", m("n", 4.5, "s", "5", "f", 0.1));
        put("mixed", m("n", Arrays.asList("5", 5.0, null, true), "s", Arrays.asList(1L, "c", null), "t", "true"));
        put("negative", m("n", -3L, "s", "", "t", false, "deep", m("x", m("y", m("z", "v")))));
        List<VectorRecord> records = new ArrayList<>();
        CORPUS.forEach((id, meta) -> records.add(VectorRecord.of(id, new float[] {1f, (float) records.size()}, meta)));
        docs.insertBatch(records);
    }

    @AfterAll
    static void close() {
        if (db != null) {
            db.close();
        }
    }

    private static void put(String id, Map<String, Object> meta) {
        CORPUS.put(id, meta);
    }

    private static Map<String, Object> m(Object... kv) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.put((String) kv[i], kv[i + 1]);
        }
        return out;
    }

    @Test
    void should_match_exactly_the_records_filter_test_accepts_for_every_operator() {
        List<Filter> filters = List.of(
                Filter.eq("n", 5), Filter.eq("n", 5.0), Filter.ne("n", 5), Filter.eq("n", 9L), Filter.eq("n", "5"),
                Filter.gt("n", 4), Filter.gte("n", 5), Filter.lt("n", 4.5), Filter.lte("n", -3), Filter.gt("n", 4.9),
                Filter.eq("n", 9_007_199_254_740_993L), Filter.eq("n", 9_007_199_254_740_992L), Filter.eq("n", 9.007199254740992E15),
                Filter.gt("n", 9_007_199_254_740_992L), Filter.gte("huge", 1L), Filter.lt("f", 1.0E21), Filter.eq("f", 0.1),
                Filter.eq("s", "b"), Filter.ne("s", "b"), Filter.gt("s", "b"), Filter.lt("s", "a"), Filter.gte("s", "\u00e9"),
                Filter.gt("s", "\uffff"), Filter.lte("s", ""), Filter.eq("s", 1), Filter.in("s", "z", "c", 1L),
                Filter.nin("s", "z", "c"), Filter.eq("t", true), Filter.eq("t", false), Filter.ne("t", true),
                Filter.eq("t", "true"), Filter.in("t", true, "true"), Filter.eq("n", null), Filter.ne("n", null),
                Filter.exists("n"), Filter.exists("n", false), Filter.exists("a.0"), Filter.exists("a.0.b"),
                Filter.eq("a.0.b", 1), Filter.eq("a.b", 1), Filter.exists("s.0"), Filter.eq("s.0", "b"),
                Filter.eq("deep.x.y.z", "v"), Filter.exists("deep.x.y"), Filter.eq("n.v", 5),
                Filter.in("n", List.of()), Filter.nin("n", List.of()), Filter.in("n", 1, 4.5, "5", true),
                Filter.not(Filter.or(Filter.eq("s", "b"), Filter.gt("n", 0))),
                Filter.and(Filter.exists("t"), Filter.not(Filter.eq("t", true))),
                Filter.parse("{\"$nor\":[{\"n\":{\"$gte\":5}},{\"s\":{\"$in\":[\"a\",\"Z\"]}}]}"));
        for (Filter f : filters) {
            TreeSet<String> expected = new TreeSet<>();
            CORPUS.forEach((id, meta) -> {
                if (f.test(meta)) {
                    expected.add(id);
                }
            });
            List<SearchResult> hits = docs.search(SearchRequest.builder(new float[] {1f, 1f}).k(100).filter(f).build());
            TreeSet<String> got = new TreeSet<>();
            hits.forEach(h -> got.add(h.id()));
            assertThat(got).as("search with %s", f.toJson()).isEqualTo(expected);
            assertThat(docs.count(f)).as("count with %s", f.toJson()).isEqualTo(expected.size());
        }
    }

    @Test
    void should_read_back_fractional_numbers_as_doubles_and_integers_as_longs() {
        Map<String, Object> got = docs.get("bigDouble").orElseThrow().metadata();
        assertThat(got.get("f")).isInstanceOf(Double.class).isEqualTo(1.0E20);
        assertThat(got.get("n")).isInstanceOf(Double.class).isEqualTo(9.007199254740992E15);
        assertThat(docs.get("big").orElseThrow().metadata().get("n")).isEqualTo(9_007_199_254_740_993L);
        assertThat(docs.get("big").orElseThrow().metadata().get("huge"))
                .isEqualTo(new java.math.BigInteger("123456789012345678901234567890"));
    }
}
