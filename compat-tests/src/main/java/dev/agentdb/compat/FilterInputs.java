package dev.agentdb.compat;

import dev.agentdb.InvalidInputException;
import dev.agentdb.Limits;
import dev.agentdb.SearchRequest;
import dev.agentdb.filter.Filter;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import static dev.agentdb.compat.CorpusInput.Expect.ACCEPT;
import static dev.agentdb.compat.CorpusInput.Expect.EITHER;
import static dev.agentdb.compat.CorpusInput.Expect.REFUSE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filters of the bad-input corpus: trees built in Java from random clauses (some with values or
 * paths outside the domain, some deeper or larger than {@link Limits} allows), and JSON texts
 * mutated from the rows of {@link FilterCases}. A valid filter must count and find exactly the
 * reference records the oracle {@link Filter#test} matches; an invalid one must be refused with
 * {@link InvalidInputException}.
 */
final class FilterInputs {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final List<String> PATHS = List.of("category", "year", "tags", "score", "published", "author.name",
            "author.country", "title", "rank", "nested.deep.level", "missing", "author");
    private static final List<String> BAD_PATHS = List.of("", "a..b", "a b", "$where", "a.", "x'y",
            "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q", "\u00e9");
    private static final List<String> OPERATORS = List.of("$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$exists");

    private FilterInputs() {
    }

    /**
     * One clause as data, and whether the oracle says it can be built.
     *
     * @param text a printable description
     * @param make builds it (may throw for an invalid one)
     * @param valid whether every backend must accept it
     * @param values the values it holds, as {@link Limits#MAX_FILTER_VALUES} counts them
     */
    record Clause(String text, Supplier<Filter> make, boolean valid, int values) {
    }

    /** @return filters built in Java (three of four) and JSON filter texts (one of four) */
    static Arbitrary<CorpusInput> any() {
        return Arbitraries.frequencyOf(Tuple.of(3, trees()), Tuple.of(1, json()));
    }

    private static Arbitrary<Object> value() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("tech", "ai", "2020", "", "Tech", "\u00e9", "ab", "FR").map(s -> (Object) s)),
                Tuple.of(2, GeneratedMetadata.text().map(s -> (Object) s)),
                Tuple.of(4, Arbitraries.of(2019L, 2020L, 2024L, -3L, 0L, 3L, Long.MAX_VALUE).map(l -> (Object) l)),
                Tuple.of(2, Arbitraries.of(4.5, 2020.0, -0.5, 1e300, 2020.5).map(d -> (Object) d)),
                Tuple.of(1, Arbitraries.of(true, false).map(b -> (Object) b)),
                Tuple.of(1, Arbitraries.just(null)),
                Tuple.of(1, Arbitraries.of(Double.NaN, Double.NEGATIVE_INFINITY, "a\u0000", "\ud800x", new Object(), List.of(1))));
    }

    private static boolean validPath(String path) {
        String[] segments = path.split("\\.", -1);
        if (path.isEmpty() || segments.length > Limits.MAX_PATH_DEPTH) {
            return false;
        }
        for (String s : segments) {
            if (!SEGMENT.matcher(s).matches()) {
                return false;
            }
        }
        return true;
    }

    /** Whether a value may stand in a comparison ({@code nullable}: eq/ne) or a list. */
    private static boolean validValue(Object v, boolean nullable, boolean ordered) {
        if (v == null) {
            return nullable;
        }
        if (v instanceof String s) {
            return GeneratedMetadata.storable(s);
        }
        if (v instanceof Double d) {
            return Double.isFinite(d);
        }
        if (v instanceof Boolean) {
            return !ordered;
        }
        return v instanceof Long;
    }

    static Arbitrary<Clause> clause() {
        Arbitrary<String> path = Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.of(PATHS)), Tuple.of(1, Arbitraries.of(BAD_PATHS)));
        Arbitrary<Integer> listSize = Arbitraries.frequencyOf(Tuple.of(20, Arbitraries.integers().between(0, 4)),
                Tuple.of(1, Arbitraries.of(Limits.MAX_IN_VALUES, Limits.MAX_IN_VALUES + 1)));
        return Combinators.combine(path, Arbitraries.of(OPERATORS), value(), value().list().ofMaxSize(4), listSize,
                Arbitraries.of(true, false)).as(FilterInputs::clause);
    }

    private static Clause clause(String path, String op, Object value, List<Object> some, int size, boolean flag) {
        boolean pathOk = validPath(path);
        String shown = Printable.of(path) + " " + op + " ";
        switch (op) {
            case "$exists":
                return new Clause(shown + flag, () -> Filter.exists(path, flag), pathOk, 0);
            case "$in":
            case "$nin": {
                List<Object> values = new ArrayList<>(some);
                for (long i = values.size(); i < size; i++) {
                    values.add(i);
                }
                boolean ok = pathOk && values.size() <= Limits.MAX_IN_VALUES
                        && values.stream().allMatch(v -> validValue(v, false, false));
                Supplier<Filter> make = op.equals("$in") ? () -> Filter.in(path, values) : () -> Filter.nin(path, values);
                return new Clause(shown + Printable.of(values), make, ok, values.size());
            }
            default: {
                boolean ordered = !op.equals("$eq") && !op.equals("$ne");
                boolean ok = pathOk && validValue(value, !ordered, ordered);
                return new Clause(shown + Printable.of(value), () -> comparison(path, op, value), ok, 1);
            }
        }
    }

    private static Filter comparison(String path, String op, Object value) {
        switch (op) {
            case "$eq": return Filter.eq(path, value);
            case "$ne": return Filter.ne(path, value);
            case "$gt": return Filter.gt(path, value);
            case "$gte": return Filter.gte(path, value);
            case "$lt": return Filter.lt(path, value);
            default: return Filter.lte(path, value);
        }
    }

    /**
     * A chain of {@code and}/{@code or}/{@code not} around a clause, with sibling clauses at each
     * {@code and}/{@code or}; sometimes deeper than {@link Limits#MAX_FILTER_DEPTH} or wider than
     * {@link Limits#MAX_FILTER_CLAUSES}.
     */
    private static Arbitrary<CorpusInput> trees() {
        Arbitrary<List<Integer>> chain = Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.integers().between(0, 2).list().ofMaxSize(4)),
                Tuple.of(1, Arbitraries.integers().between(0, 2).list().ofMinSize(Limits.MAX_FILTER_DEPTH - 3)
                        .ofMaxSize(Limits.MAX_FILTER_DEPTH + 3)));
        Arbitrary<Integer> wide = Arbitraries.frequencyOf(Tuple.of(30, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.integers().between(Limits.MAX_FILTER_CLAUSES - 4, Limits.MAX_FILTER_CLAUSES + 4)));
        return Combinators.combine(clause(), chain, clause().list().ofMaxSize(3), wide, Arbitraries.randoms())
                .as(FilterInputs::tree);
    }

    private static CorpusInput tree(Clause leaf, List<Integer> ops, List<Clause> siblings, int wide, Random random) {
        boolean usesSiblings = ops.stream().anyMatch(op -> op != 2); // siblings join only $and/$or levels
        boolean valid = leaf.valid() && (!usesSiblings || siblings.stream().allMatch(Clause::valid));
        int wideOnce = usesSiblings ? wide : 0; // added once, at the first $and/$or
        int clauses = 1 + ops.size() + wideOnce;
        int values = leaf.values() + wideOnce;
        StringBuilder shown = new StringBuilder(leaf.text());
        for (int op : ops) {
            if (op != 2) {
                clauses += siblings.size();
                values += siblings.stream().mapToInt(Clause::values).sum();
            }
        }
        valid &= ops.size() + 1 <= Limits.MAX_FILTER_DEPTH && clauses <= Limits.MAX_FILTER_CLAUSES
                && values <= Limits.MAX_FILTER_VALUES;
        List<Integer> chain = List.copyOf(ops);
        shown.append(" in a chain ").append(chain).append(" with ").append(siblings.size()).append(" siblings")
                .append(wideOnce > 0 ? " and " + wideOnce + " more clauses" : "");
        CorpusInput.Call call = world -> {
            Filter f = leaf.make().get();
            int more = wideOnce;
            for (int op : chain) {
                if (op == 2) {
                    f = Filter.not(f);
                    continue;
                }
                List<Filter> operands = new ArrayList<>();
                operands.add(f);
                for (Clause c : siblings) {
                    operands.add(c.make().get());
                }
                for (int i = 0; i < more; i++) {
                    operands.add(Filter.eq("year", 1900L + i));
                }
                more = 0;
                f = op == 0 ? new Filter.And(operands) : new Filter.Or(operands);
            }
            expectAnswers(world, f, random.nextBoolean());
        };
        return new CorpusInput("filters", shown.toString(), valid ? ACCEPT : REFUSE, InvalidInputException.class, call);
    }

    /** JSON texts: the rows of {@link FilterCases}, mutated (or not); some parse, some do not. */
    private static Arbitrary<CorpusInput> json() {
        List<String> rows = FilterCases.all().map(row -> row.filter().toJson()).toList();
        return Combinators.combine(Arbitraries.of(rows), Arbitraries.integers().between(0, 9), Arbitraries.randoms(),
                Arbitraries.strings().all().ofMaxLength(30)).as((json, how, random, garbage) -> {
                    String text = mutate(json, how, random, garbage);
                    return new CorpusInput("filters", "json " + Printable.of(text), how == 0 ? ACCEPT : EITHER,
                            InvalidInputException.class, world -> expectAnswers(world, Filter.parse(text), random.nextBoolean()));
                });
    }

    private static String mutate(String json, int how, Random random, String garbage) {
        switch (how) {
            case 1: return json.substring(0, random.nextInt(json.length()));
            case 2: {
                int at = random.nextInt(json.length() + 1);
                return json.substring(0, at) + garbage + json.substring(at);
            }
            case 3: return json.replaceFirst("\\$(eq|gte?|lte?|in|nin|ne|exists)", random.nextBoolean() ? "\\$regex" : "\\$where");
            case 4: {
                int depth = random.nextInt(8) == 0 ? 998 : random.nextInt(Limits.MAX_FILTER_DEPTH + 4);
                return "{\"$not\":".repeat(depth) + json + "}".repeat(depth);
            }
            case 5: {
                int n = random.nextInt(4) == 0 ? Limits.MAX_FILTER_CLAUSES + random.nextInt(50) : 1 + random.nextInt(20);
                return "{\"$or\":[" + String.join(",", java.util.Collections.nCopies(n, json)) + "]}";
            }
            case 6: return json.replaceFirst("\"(tech|ai|science|FR|art|physics)\"",
                    random.nextBoolean() ? "\"a\\\\u0000\"" : "\"\\\\ud800\"");
            case 7: return json.replaceFirst("\\d+(\\.\\d+)?", random.nextBoolean() ? "1e999" : "-1e-999");
            case 8: return garbage;
            case 9: return "{\"$and\":[" + json + "," + "{\"$nor\":[" + json + "]}]}";
            default: return json;
        }
    }

    /** Asserts that a filter counts and finds (exactly) the reference records the oracle matches. */
    static void expectAnswers(CorpusWorld world, Filter filter, boolean exact) {
        TreeSet<String> expected = world.matching(filter);
        assertThat(world.corpus().count(filter)).as("count").isEqualTo(expected.size());
        float[] query = TestVectors.vec(1, 0.5f, -0.25f, 2);
        List<String> found = Records.ids(world.corpus().search(SearchRequest.builder(query).k(world.ids().size())
                .filter(filter).exact(exact).build()));
        assertThat(new TreeSet<>(found)).as(exact ? "exact search" : "search").isEqualTo(expected);
    }
}
