package dev.agentdb.compat;

import dev.agentdb.FindRequest;
import dev.agentdb.Sort;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The find cases as data: a corpus whose path {@code v} holds every JSON type (missing, null,
 * booleans, integers and decimals that tie, large integers, strings with non-ASCII and
 * supplementary characters, arrays, objects), with nested paths, groups and tied timestamps; and
 * rows of (name, request). The expected answer of a row is computed by the reference order
 * ({@link Sort#comparator} after {@link Filter#test}), so adding a row runs it on every backend;
 * {@link #MIXED_ASCENDING} pins the reference order itself.
 */
public final class FindCases {
    /** Dimension of the corpus embeddings. */
    public static final int DIMENSION = 4;

    /** The ids of the corpus in ascending order of {@code v}, as {@link Sort} defines it. */
    public static final List<String> MIXED_ASCENDING = List.of("f00", "f01", "f02", "f03", "f04", "f05", "f06", "f07", "f14",
            "f15", "f08", "f09", "f10", "f11", "f12", "f13");

    /** Marks the record without {@code v}. */
    private static final Object ABSENT = new Object();

    private FindCases() {
    }

    /**
     * One row of the table.
     *
     * @param name a short description, shown as the test name
     * @param request the find request
     */
    public record FindCase(String name, FindRequest request) {
        @Override
        public String toString() {
            return name;
        }

        /** @return the ids the reference order gives for this row over {@link #corpus()} */
        public List<String> expected() {
            List<VectorRecord> matching = new ArrayList<>();
            for (VectorRecord r : corpus()) {
                if (request.filter() == null || request.filter().test(r.metadata())) {
                    matching.add(r);
                }
            }
            matching.sort(Sort.comparator(request.sort()));
            List<String> ids = new ArrayList<>();
            int from = (int) Math.min(matching.size(), request.offset());
            for (VectorRecord r : matching.subList(from, Math.min(matching.size(), from + request.limit()))) {
                ids.add(r.id());
            }
            return ids;
        }
    }

    /** @return the corpus: 16 records, embeddings of {@value #DIMENSION} dimensions */
    public static List<VectorRecord> corpus() {
        Object[] values = {
            ABSENT, null, false, true, -5L, 2.5, 3L, 3.0, "Zeta", "apple", "\u00c4pfel", "\ud83d\ude00 emoji",
            Meta.list(1L, 2L), Meta.of("x", 1L), 10_000_000_000L, ""};
        List<VectorRecord> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            if (values[i] != ABSENT) {
                m.put("v", values[i]);
            }
            m.put("g", (long) (i % 3));
            if (i % 4 != 0) {
                m.put("a", Meta.of("b", (long) (10 - i % 5)));
            }
            long timestamp = 1_700_000_000_000L + (i % 5) * 1_000L; // ties every fifth
            out.add(new VectorRecord(String.format("f%02d", i), TestVectors.vec(i, 1, 0, 0), m, null, timestamp));
        }
        return out;
    }

    private static FindCase row(String name, FindRequest.Builder request) {
        return new FindCase(name, request.build());
    }

    /** @return every row; the factory of the kit's parameterized find tests */
    public static Stream<FindCase> all() {
        return Stream.of(
                row("no sort: by id", FindRequest.builder()),
                row("mixed types ascending", FindRequest.builder().sort(Sort.asc("v"))),
                row("mixed types descending", FindRequest.builder().sort(Sort.desc("v"))),
                row("nested path ascending, missing first", FindRequest.builder().sort(Sort.asc("a.b"))),
                row("nested path descending, missing last", FindRequest.builder().sort(Sort.desc("a.b"))),
                row("id descending", FindRequest.builder().sort(Sort.idDescending())),
                row("timestamp descending, ties by id", FindRequest.builder().sort(Sort.timestampDescending())),
                row("timestamp ascending then v descending", FindRequest.builder().sort(Sort.timestampAscending(), Sort.desc("v"))),
                row("group then v", FindRequest.builder().sort(Sort.asc("g"), Sort.asc("v"))),
                row("filter then sort", FindRequest.builder().filter(Filter.eq("g", 1)).sort(Sort.desc("v"))),
                row("filter on the sort path", FindRequest.builder().filter(Filter.gte("v", 3)).sort(Sort.asc("v"))),
                row("filter matching nothing", FindRequest.builder().filter(Filter.eq("g", 7)).sort(Sort.asc("v"))),
                row("first page", FindRequest.builder().sort(Sort.asc("v")).limit(5)),
                row("middle page", FindRequest.builder().sort(Sort.asc("v")).offset(5).limit(5)),
                row("last page, short", FindRequest.builder().sort(Sort.asc("v")).offset(13).limit(5)),
                row("offset past the end", FindRequest.builder().sort(Sort.asc("v")).offset(40).limit(5)),
                row("path absent everywhere", FindRequest.builder().sort(Sort.desc("nope.none"))),
                row("filtered page", FindRequest.builder().filter(Filter.exists("a", true)).sort(Sort.asc("a.b"), Sort.idDescending())
                        .offset(2).limit(4)));
    }
}
