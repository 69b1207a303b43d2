package dev.agentdb.compat;

import dev.agentdb.FindRequest;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Metric;
import dev.agentdb.NotFoundException;
import dev.agentdb.Sort;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.compat.FindCases.FindCase;
import dev.agentdb.filter.Filter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import static dev.agentdb.compat.Records.recordIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract: {@code find}, records by metadata rather than similarity. Each row of {@link FindCases}
 * must return exactly the ids of the reference order ({@link Sort#comparator}), so one order of
 * mixed JSON types holds on every backend; pages concatenate to the whole order; records come back
 * whole; bad requests are refused before the backend.
 */
public interface FindContract extends CompatFixture {
    /**
     * Creates the collection {@code found} holding {@link FindCases#corpus()}.
     *
     * @return the collection
     */
    default VectorCollection findCorpus() {
        VectorCollection c = createCollection("found", FindCases.DIMENSION, Metric.L2);
        c.insertBatch(FindCases.corpus());
        return c;
    }

    /** The reference order of mixed JSON values is the documented one (missing/null, booleans, numbers, strings, arrays/objects). */
    @Test
    default void should_define_one_order_of_mixed_json_types() {
        FindCase ascending = new FindCase("asc v", FindRequest.builder().sort(Sort.asc("v")).build());
        assertThat(ascending.expected()).containsExactlyElementsOf(FindCases.MIXED_ASCENDING);
    }

    /**
     * A row of {@link FindCases} returns exactly the ids of the reference order, in that order.
     *
     * @param row the find case
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.agentdb.compat.FindCases#all")
    default void should_find_exactly_the_reference_order(FindCase row) {
        VectorCollection c = findCorpus();
        assertThat(recordIds(c.find(row.request()))).as("find(%s)", row.request()).containsExactlyElementsOf(row.expected());
    }

    /** Pages of every size concatenate to the whole order, without overlap or gap. */
    @Test
    default void should_page_through_the_whole_order_without_overlap_or_gap() {
        VectorCollection c = findCorpus();
        List<String> whole = recordIds(c.find(FindRequest.builder().sort(Sort.desc("v"), Sort.timestampAscending()).build()));
        for (int size = 1; size <= 7; size++) {
            List<String> paged = new ArrayList<>();
            for (int offset = 0; offset < whole.size(); offset += size) {
                paged.addAll(recordIds(c.find(FindRequest.builder().sort(Sort.desc("v"), Sort.timestampAscending()).offset(offset).limit(size).build())));
            }
            assertThat(paged).as("pages of %d", size).containsExactlyElementsOf(whole);
        }
    }

    /** Found records are whole: embedding, metadata, text and timestamp as stored. */
    @Test
    default void should_return_whole_records() {
        VectorCollection c = findCorpus();
        for (VectorRecord found : c.find(FindRequest.builder().limit(100).build())) {
            VectorRecord stored = c.get(found.id()).orElseThrow();
            assertThat(found).isEqualTo(stored);
        }
        assertThat(c.find(Filter.eq("g", 2), 3)).extracting(VectorRecord::id).containsExactly("f02", "f05", "f08");
    }

    /** Bad requests are typed errors naming the field, and a missing collection is NotFound. */
    @Test
    default void should_refuse_bad_requests() {
        VectorCollection c = findCorpus();
        assertThatThrownBy(() -> FindRequest.builder().limit(0)).isInstanceOf(InvalidInputException.class).hasMessageContaining("limit");
        assertThatThrownBy(() -> FindRequest.builder().offset(-1)).isInstanceOf(InvalidInputException.class).hasMessageContaining("offset");
        assertThatThrownBy(() -> Sort.asc("bad path!")).isInstanceOf(InvalidInputException.class).hasMessageContaining("sort.path");
        assertThatThrownBy(() -> FindRequest.builder().sort(Sort.asc("a"), Sort.asc("b"), Sort.asc("c"), Sort.asc("d"),
                Sort.asc("e"), Sort.asc("f"), Sort.asc("g"), Sort.asc("h"), Sort.asc("i"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("sort");
        assertThatThrownBy(() -> c.find(null)).isInstanceOf(InvalidInputException.class).hasMessageContaining("request");
        db().dropCollection("found");
        assertThatThrownBy(() -> c.find(FindRequest.builder().build())).isInstanceOf(NotFoundException.class);
    }
}
