package dev.agentdb.compat;

import dev.agentdb.Limits;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static dev.agentdb.filter.Filter.and;
import static dev.agentdb.filter.Filter.eq;
import static dev.agentdb.filter.Filter.exists;
import static dev.agentdb.filter.Filter.gt;
import static dev.agentdb.filter.Filter.gte;
import static dev.agentdb.filter.Filter.in;
import static dev.agentdb.filter.Filter.lt;
import static dev.agentdb.filter.Filter.lte;
import static dev.agentdb.filter.Filter.ne;
import static dev.agentdb.filter.Filter.nin;
import static dev.agentdb.filter.Filter.not;
import static dev.agentdb.filter.Filter.or;

/**
 * The filter cases as data: a fixed corpus of records with awkward metadata (arrays, nested
 * objects, nulls, missing keys, booleans, 2020 vs 2020.0 vs "2020", unicode, negative numbers) and
 * rows of (name, filter, the ids it must match). Every row is first checked against
 * {@link Filter#test(Map)} (the oracle), then against the backend, so adding a row here runs it on
 * every backend.
 */
public final class FilterCases {
    /** Dimension of the corpus embeddings. */
    public static final int DIMENSION = 4;

    private static final Map<String, Map<String, Object>> METADATA = corpusMetadata();

    private FilterCases() {
    }

    /**
     * One row of the table.
     *
     * @param name a short description, shown as the test name
     * @param filter the filter
     * @param expected the ids of {@link #corpus()} the filter matches
     */
    public record FilterCase(String name, Filter filter, Set<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Map<String, Map<String, Object>> corpusMetadata() {
        Map<String, Map<String, Object>> m = new LinkedHashMap<>();
        m.put("r01", Meta.of("category", "tech", "year", 2020L, "tags", Meta.list("ai", "ml"), "score", 4.5,
                "published", true, "author", Meta.of("name", "Ann", "country", "FR"), "rank", -3L, "weight", 0.1));
        m.put("r02", Meta.of("category", "science", "year", 2020.0, "tags", Meta.list("physics"), "score", 3L,
                "published", false, "author", Meta.of("name", "Bob", "country", "US"), "rank", 0L));
        m.put("r03", Meta.of("category", "tech", "year", "2020", "tags", Meta.list(), "score", null,
                "published", true, "author", Meta.of("name", "Zo\u00eb", "country", "FR", "age", 41L)));
        m.put("r04", Meta.of("category", "art", "year", 2019L, "tags", Meta.list("ai", 1L, true, null),
                "published", null, "rank", -10.5));
        m.put("r05", Meta.of("category", "Tech", "year", 2021L, "tags", "ai",
                "nested", Meta.of("deep", Meta.of("level", 3L))));
        m.put("r06", Meta.of());
        m.put("r07", Meta.of("category", "science", "year", 2023L, "tags", Meta.list("ml", "ai"), "score", 5L,
                "author", null, "title", "\u00dcn\u00efc\u00f6d\u00e9 \u2603", "rank", 7L));
        m.put("r08", Meta.of("category", "", "year", -2020L, "score", -0.5, "title", "ab", "flag", "true"));
        m.put("r09", Meta.of("category", "tech", "year", 2022L, "score", 1000.0, "title", "abc", "weight", 0.1f,
                "author", Meta.of("name", "ann")));
        m.put("r10", Meta.of("category", null, "year", 2024L, "tags", Meta.list(Meta.list("ai")), "title", "B"));
        m.put("r11", Meta.of("year", 2020.5, "title", "\u00e9", "tags", Meta.list("AI")));
        m.put("r12", Meta.of("category", "science", "published", "false", "score", 0L, "title", "\ud834\udd1e"));
        return m;
    }

    /**
     * @return the corpus: one record per id {@code r01..r12}, each with a distinct deterministic
     *         embedding of {@link #DIMENSION} and the metadata of the table
     */
    public static List<VectorRecord> corpus() {
        List<VectorRecord> out = new ArrayList<>();
        float[][] vectors = TestVectors.uniform(METADATA.size(), DIMENSION, 1234);
        int i = 0;
        for (Map.Entry<String, Map<String, Object>> e : METADATA.entrySet()) {
            out.add(VectorRecord.of(e.getKey(), vectors[i++], e.getValue()));
        }
        return out;
    }

    /** @return the metadata of each corpus id */
    public static Map<String, Map<String, Object>> metadata() {
        return METADATA;
    }

    /** @return every corpus id */
    public static Set<String> allIds() {
        return new TreeSet<>(METADATA.keySet());
    }

    private static FilterCase row(String name, Filter filter, String... expected) {
        return new FilterCase(name, filter, new TreeSet<>(List.of(expected)));
    }

    private static FilterCase all(String name, Filter filter) {
        return new FilterCase(name, filter, allIds());
    }

    private static FilterCase allBut(String name, Filter filter, String... excluded) {
        Set<String> ids = allIds();
        ids.removeAll(List.of(excluded));
        return new FilterCase(name, filter, ids);
    }

    /**
     * Filters exactly at the limits of {@link dev.agentdb.Limits}, over the corpus: an {@code or} of
     * {@code MAX_FILTER_CLAUSES} clauses of every kind, {@code and}/{@code or} and {@code not} chains
     * {@code MAX_FILTER_DEPTH} deep, and {@code $in}/{@code $nin} lists holding
     * {@code MAX_FILTER_VALUES} values of every type.
     *
     * @return the filters; each matches some corpus ids and misses others
     */
    public static List<Filter> atTheLimits() {
        List<Filter> leaves = new ArrayList<>();
        for (int i = 0; leaves.size() < Limits.MAX_FILTER_CLAUSES - 1; i++) {
            leaves.add(limitLeaf(i));
        }
        Filter alternating = eq("category", "tech");
        Filter nots = eq("category", "tech");
        for (int level = 1; level < Limits.MAX_FILTER_DEPTH; level++) {
            alternating = level % 2 == 0 ? and(alternating, limitLeaf(level)) : or(alternating, limitLeaf(level));
            nots = not(nots);
        }
        List<Filter> lists = new ArrayList<>();
        int values = 0;
        for (int list = 0; values < Limits.MAX_FILTER_VALUES; list++) {
            int n = Math.min(Limits.MAX_IN_VALUES, Limits.MAX_FILTER_VALUES - values);
            List<Object> inList = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int v = values + i;
                inList.add(v % 3 == 0 ? (Object) (long) (2000 + v % 40) : v % 3 == 1 ? (Object) (v + 0.5) : "s" + v);
            }
            inList.set(n - 1, list % 2 == 0 ? "tech" : "ai");
            lists.add(list % 2 == 0 ? in("category", inList) : nin("tags", inList));
            values += n;
        }
        return List.of(new Filter.Or(leaves), alternating, nots, new Filter.Or(lists), new Filter.And(lists));
    }

    /** One clause of every kind in turn, on the corpus keys. */
    private static Filter limitLeaf(int i) {
        switch (i % 8) {
            case 0: return eq("year", 2000L + i % 30);
            case 1: return gte("score", i % 7 + 0.5);
            case 2: return in("tags", "ai", "x" + i, (long) i);
            case 3: return exists(i % 2 == 0 ? "author.name" : "nested.deep", i % 3 == 0);
            case 4: return ne("category", "c" + i);
            case 5: return lt("title", i % 2 == 0 ? "b" : "\u00e9");
            case 6: return nin("author.country", "US", "x" + i);
            default: return eq("published", i % 2 == 0);
        }
    }

    /** @return every row; the factory of the kit's parameterized filter tests */
    public static Stream<FilterCase> all() {
        return Stream.of(
                // equality, typed
                row("eq string", eq("category", "tech"), "r01", "r03", "r09"),
                row("eq string is case sensitive", eq("category", "Tech"), "r05"),
                row("eq empty string", eq("category", ""), "r08"),
                row("eq unicode string", eq("title", "\u00dcn\u00efc\u00f6d\u00e9 \u2603"), "r07"),
                row("eq int matches 2020 and 2020.0, not \"2020\"", eq("year", 2020), "r01", "r02"),
                row("eq double 2020.0 matches 2020 and 2020.0", eq("year", 2020.0), "r01", "r02"),
                row("eq float 0.1f matches a stored 0.1f and 0.1 (a float is its decimal)", eq("weight", 0.1f), "r01", "r09"),
                row("eq double 0.1 matches a stored 0.1f", eq("weight", 0.1), "r01", "r09"),
                row("lte float 0.1f includes both, gt excludes both", or(lte("weight", 0.1f), gt("weight", 0.1f)), "r01", "r09"),
                row("gt float 0.1f excludes a stored 0.1f", gt("weight", 0.1f)),
                row("eq string \"2020\" matches only the string", eq("year", "2020"), "r03"),
                row("eq negative int", eq("year", -2020), "r08"),
                row("eq zero", eq("score", 0), "r12"),
                row("eq boolean true", eq("published", true), "r01", "r03"),
                row("eq boolean false is not the string \"false\"", eq("published", false), "r02"),
                row("eq boolean is not the string \"true\"", eq("flag", true)),
                row("eq string \"true\" is not a boolean", eq("flag", "true"), "r08"),
                row("eq null matches null and missing", eq("score", null), "r03", "r04", "r05", "r06", "r10", "r11"),
                row("eq null on a null-valued key", eq("category", null), "r06", "r10", "r11"),
                // negation
                allBut("ne matches missing and null", ne("category", "tech"), "r01", "r03", "r09"),
                allBut("ne boolean", ne("published", true), "r01", "r03"),
                row("ne null matches present non-null", ne("score", null), "r01", "r02", "r07", "r08", "r09", "r12"),
                allBut("ne on nested path with missing parent", ne("author.country", "FR"), "r01", "r03"),
                // arrays
                row("eq on array matches any element, and a scalar", eq("tags", "ai"), "r01", "r04", "r05", "r07"),
                allBut("ne on array matches when no element equals", ne("tags", "ai"), "r01", "r04", "r05", "r07"),
                row("eq number inside mixed array", eq("tags", 1), "r04"),
                row("eq boolean inside mixed array", eq("tags", true), "r04"),
                row("gt string on array elements", gt("tags", "b"), "r01", "r02", "r07"),
                row("in on arrays", in("tags", "ml", "physics"), "r01", "r02", "r07"),
                allBut("nin on arrays", nin("tags", "ml", "physics"), "r01", "r02", "r07"),
                row("in empty list matches nothing", in("tags", List.of())),
                all("nin empty list matches everything", nin("tags", List.of())),
                // in / nin on scalars
                row("in strings", in("category", "tech", "science"), "r01", "r02", "r03", "r07", "r09", "r12"),
                allBut("nin strings matches missing and null", nin("category", "tech", "science"),
                        "r01", "r02", "r03", "r07", "r09", "r12"),
                row("in mixed types", in("year", 2019, "2020"), "r03", "r04"),
                row("in numbers matches int and double", in("score", 4.5, 1000), "r01", "r09"),
                // ordering, numbers
                row("gte int skips strings and missing", gte("year", 2020),
                        "r01", "r02", "r05", "r07", "r09", "r10", "r11"),
                row("gt int", gt("year", 2020), "r05", "r07", "r09", "r10", "r11"),
                row("gte fractional", gte("year", 2020.5), "r05", "r07", "r09", "r10", "r11"),
                row("lt int includes negatives", lt("year", 2020), "r04", "r08"),
                row("lte double", lte("year", 2020.0), "r01", "r02", "r04", "r08"),
                row("gt negative", gt("rank", -5), "r01", "r02", "r07"),
                row("lt negative fraction", lt("rank", -3.5), "r04"),
                // a fractional bound next to a stored int64: the bound's fraction counts (7 < 7.5, -3 > -3.5)
                row("lt fractional bound just above an int64", lt("rank", 7.5), "r01", "r02", "r04", "r07"),
                row("gte fractional bound just above an int64", gte("rank", 7.5)),
                row("gt fractional bound just below a negative int64", gt("rank", -3.5), "r01", "r02", "r07"),
                allBut("not lt fractional bound just above an int64", not(lt("rank", 7.5)), "r01", "r02", "r04", "r07"),
                row("gte on mixed int and double", gte("score", 4.5), "r01", "r07", "r09"),
                row("lt zero", lt("score", 0), "r08"),
                row("gte on nested path", gte("author.age", 40), "r03"),
                // ordering, strings by code point
                row("gt string by code point", gt("category", "s"), "r01", "r02", "r03", "r07", "r09", "r12"),
                row("gt string: accented letters sort after ASCII", gt("title", "ab"), "r07", "r09", "r11", "r12"),
                row("gt string: supplementary characters sort by code point, not UTF-16",
                        gt("title", "\uff5e"), "r12"),
                row("lt string: upper case sorts before lower case", lt("title", "a"), "r10"),
                // exists
                row("exists true includes null values", exists("score"), "r01", "r02", "r03", "r07", "r08", "r09", "r12"),
                row("exists false", exists("score", false), "r04", "r05", "r06", "r10", "r11"),
                row("exists on an object key holding null", exists("author"), "r01", "r02", "r03", "r07", "r09"),
                row("exists on nested path", exists("author.name"), "r01", "r02", "r03", "r09"),
                row("exists on deep nested object", exists("nested.deep"), "r05"),
                // nested paths
                row("eq nested path", eq("author.country", "FR"), "r01", "r03"),
                row("eq deep nested path", eq("nested.deep.level", 3), "r05"),
                row("in booleans", in("published", true), "r01", "r03"),
                allBut("nin booleans matches null, missing and the string \"false\"", nin("published", true, false),
                        "r01", "r02", "r03"),
                row("lt string on a mostly numeric key compares only strings", lt("year", "2021"), "r03"),
                row("lte string includes upper case and empty", lte("category", "art"), "r04", "r05", "r08"),
                // logical
                row("not nin on arrays equals in", not(nin("tags", "ml", "physics")), "r01", "r02", "r07"),
                row("not exists false equals exists", not(exists("author", false)), "r01", "r02", "r03", "r07", "r09"),
                allBut("not and", not(and(eq("category", "tech"), eq("published", true))), "r01", "r03"),
                row("or of ne and exists false", or(exists("year", false), and(ne("tags", "ai"), exists("tags"))),
                        "r02", "r03", "r06", "r10", "r11", "r12"),
                row("and", and(eq("category", "tech"), gte("year", 2021)), "r09"),
                row("or", or(eq("category", "art"), lt("rank", -1)), "r01", "r04"),
                allBut("not eq", not(eq("category", "tech")), "r01", "r03", "r09"),
                row("not gt includes missing and non-numbers", not(gt("year", 2020)),
                        "r01", "r02", "r03", "r04", "r06", "r08", "r12"),
                all("empty and matches everything", and()),
                row("empty or matches nothing", or()),
                row("nested and/or/not", and(or(eq("category", "tech"), eq("category", "science")),
                        not(exists("author.name"))), "r07", "r12"),
                // parsed JSON forms
                row("json: $in and $gte (the README example)",
                        Filter.parse("{\"category\":{\"$in\":[\"tech\",\"science\"]},\"year\":{\"$gte\":2020}}"),
                        "r01", "r02", "r07", "r09"),
                row("json: implicit and with dotted path",
                        Filter.parse("{\"author.country\":\"FR\",\"published\":true}"), "r01", "r03"),
                row("json: range on one key", Filter.parse("{\"year\":{\"$gte\":2020,\"$lt\":2022}}"),
                        "r01", "r02", "r05", "r11"),
                row("json: $or with $exists false",
                        Filter.parse("{\"$or\":[{\"tags\":{\"$exists\":false}},{\"tags\":\"physics\"}]}"),
                        "r02", "r06", "r08", "r09", "r12"),
                row("json: $nor", Filter.parse("{\"$nor\":[{\"category\":\"tech\"},{\"category\":\"science\"}]}"),
                        "r04", "r05", "r06", "r08", "r10", "r11"),
                allBut("json: field-level $not", Filter.parse("{\"category\":{\"$not\":{\"$eq\":\"tech\"}}}"),
                        "r01", "r03", "r09"),
                allBut("json: $not $gt matches missing", Filter.parse("{\"rank\":{\"$not\":{\"$gt\":0}}}"), "r07"),
                row("json: $and with $ne null", Filter.parse("{\"$and\":[{\"score\":{\"$ne\":null}},{\"score\":{\"$lt\":4}}]}"),
                        "r02", "r08", "r12"),
                row("json: $eq null", Filter.parse("{\"published\":null}"), "r04", "r05", "r06", "r07", "r08", "r09",
                        "r10", "r11"),
                row("json: $nin with numbers", Filter.parse("{\"year\":{\"$nin\":[2020,2021,2022,2023,2024]}}"),
                        "r03", "r04", "r06", "r08", "r11", "r12"),
                row("json: top-level $not", Filter.parse("{\"$not\":{\"tags\":{\"$exists\":true}}}"),
                        "r06", "r08", "r09", "r12"),
                all("json: empty object matches everything", Filter.parse("{}")));
    }
}
