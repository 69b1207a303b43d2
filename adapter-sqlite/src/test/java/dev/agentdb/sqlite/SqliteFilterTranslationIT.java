package dev.agentdb.sqlite;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionSpec;
import dev.agentdb.IndexParams;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;
import dev.agentdb.internal.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks every filter operator, evaluated by SQLite, against the in-memory reference {@link Filter#test}. */
class SqliteFilterTranslationIT {
    @TempDir
    static Path dir;

    private static AgentDB db;
    private static VectorCollection flat;
    private static VectorCollection hnsw;
    private static final Map<String, Map<String, Object>> STORED = new LinkedHashMap<>();

    /** Tricky metadata as JSON text: ints vs floats, arrays, nesting, nulls, booleans, unicode, missing keys. */
    private static final String[] METADATA = {
        "{}",
        "{\"a\": 1}",
        "{\"a\": 1.0}",
        "{\"a\": 1.5}",
        "{\"a\": -3}",
        "{\"a\": 0}",
        "{\"a\": -0.0}",
        "{\"a\": 9007199254740993}",
        "{\"a\": 9007199254740992.0}",
        "{\"a\": 1e20}",
        "{\"a\": \"1\"}",
        "{\"a\": \"\"}",
        "{\"a\": \"x\"}",
        "{\"a\": \"z\"}",
        "{\"a\": \"Z\"}",
        "{\"a\": \"é\"}",
        "{\"a\": \"\\uFFFF\"}",
        "{\"a\": \"😀\"}",
        "{\"a\": true}",
        "{\"a\": false}",
        "{\"a\": null}",
        "{\"a\": []}",
        "{\"a\": [1, \"x\", null, [2], {\"b\": 3}]}",
        "{\"a\": [true, 2.5, \"é\"]}",
        "{\"a\": [[1]]}",
        "{\"a\": {\"b\": 2}}",
        "{\"a\": {\"b\": [2, 3]}}",
        "{\"a\": {\"b\": null}}",
        "{\"a\": {}}",
        "{\"a.b\": 2}",
        "{\"b\": 1}",
        "{\"n\": {\"a\": {\"c\": \"x\"}}, \"a\": \"x\"}",
        "{\"tags\": [\"ai\", \"db\"], \"a\": 2}",
    };

    private static final List<Object> VALUES = Arrays.asList(1, 1.0, 1.5, 2, 2.5, -3, 0, 3, 9007199254740993L, 9007199254740992.0,
            1e20, "1", "", "x", "z", "Z", "é", "\uFFFF", "😀", "ai", true, false, null);
    private static final String[] PATHS = {"a", "a.b", "n.a.c", "tags", "missing", "a.b.c"};

    @BeforeAll
    static void setUp() {
        db = AgentDB.open("sqlite:" + dir.resolve("filters.db"));
        flat = db.createCollection("flat", CollectionSpec.builder(2).indexType(IndexParams.IndexType.FLAT).build());
        List<VectorRecord> records = new ArrayList<>();
        for (int i = 0; i < METADATA.length; i++) {
            Map<String, Object> m = Json.parseObject(METADATA[i], "metadata");
            String id = "r" + i;
            records.add(VectorRecord.of(id, new float[] {i, 1}, m));
            STORED.put(id, Json.readObject(Json.write(m)));
        }
        flat.insertBatch(records);
        hnsw = db.createCollection("hnsw", CollectionSpec.of(2, Metric.L2));
        hnsw.insertBatch(records);
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    private static List<Filter> filters() {
        List<Filter> out = new ArrayList<>();
        for (String p : PATHS) {
            out.add(Filter.exists(p));
            out.add(Filter.exists(p, false));
            out.add(Filter.in(p, List.of()));
            out.add(Filter.nin(p, List.of()));
            out.add(Filter.in(p, 1, "x", true));
            out.add(Filter.nin(p, 1.5, "é", false, 2));
            out.add(Filter.in(p, 9007199254740992.0, 2.5));
            for (Object v : VALUES) {
                out.add(Filter.eq(p, v));
                out.add(Filter.ne(p, v));
                if (v instanceof Number || v instanceof String) {
                    out.add(Filter.gt(p, v));
                    out.add(Filter.gte(p, v));
                    out.add(Filter.lt(p, v));
                    out.add(Filter.lte(p, v));
                }
            }
        }
        out.add(Filter.and());
        out.add(Filter.or());
        out.add(Filter.and(Filter.gte("a", 0), Filter.lt("a", 2)));
        out.add(Filter.or(Filter.eq("a", "x"), Filter.exists("a.b")));
        out.add(Filter.not(Filter.or(Filter.eq("a", null), Filter.gt("a", "a"))));
        out.add(Filter.not(Filter.and(Filter.ne("a", 1), Filter.nin("tags", "db"))));
        out.add(Filter.parse("{\"$nor\": [{\"a\": {\"$lt\": 1}}, {\"a\": \"z\"}]}"));
        return out;
    }

    @Test
    void should_match_exactly_what_filter_test_matches_for_every_operator() {
        List<String> mismatches = new ArrayList<>();
        for (Filter f : filters()) {
            TreeSet<String> expected = new TreeSet<>();
            STORED.forEach((id, m) -> {
                if (f.test(m)) {
                    expected.add(id);
                }
            });
            TreeSet<String> actual = new TreeSet<>();
            for (SearchResult r : flat.search(SearchRequest.builder(new float[] {0, 1}).k(1000).filter(f).build())) {
                actual.add(r.id());
            }
            if (!expected.equals(actual)) {
                mismatches.add(f.toJson() + ": expected " + expected + " but SQLite matched " + actual);
            }
            TreeSet<String> viaIndex = new TreeSet<>();
            for (SearchResult r : hnsw.search(SearchRequest.builder(new float[] {0, 1}).k(100).filter(f).build())) {
                viaIndex.add(r.id());
            }
            if (!expected.equals(viaIndex)) {
                mismatches.add(f.toJson() + ": expected " + expected + " but the HNSW path returned " + viaIndex);
            }
            if (flat.count(f) != expected.size()) {
                mismatches.add(f.toJson() + ": count " + flat.count(f) + " != " + expected.size());
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(filters()).hasSizeGreaterThan(500);
    }

    @Test
    void should_treat_hostile_values_as_data() {
        Filter hostile = Filter.eq("a", "x') OR 1=1; DROP TABLE flat; --");
        assertThat(flat.count(hostile)).isZero();
        assertThat(flat.count()).isEqualTo(METADATA.length);
    }

    @Test
    void should_delete_exactly_the_matching_rows() {
        VectorCollection c = db.createCollection("del", CollectionSpec.builder(2).metric(Metric.L2)
                .indexType(IndexParams.IndexType.FLAT).build());
        List<VectorRecord> records = new ArrayList<>();
        STORED.forEach((id, m) -> records.add(VectorRecord.of(id, new float[] {1, 1}, m)));
        c.insertBatch(records);
        Filter f = Filter.in("a", 1, "x");
        long expected = STORED.values().stream().filter(f::test).count();
        assertThat(c.deleteWhere(f)).isEqualTo(expected);
        assertThat(c.count()).isEqualTo(STORED.size() - expected);
        assertThat(c.count(f)).isZero();
    }
}
