package dev.agentdb.compat;

import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.compat.FilterCases.FilterCase;
import dev.agentdb.filter.Filter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.agentdb.compat.Records.ids;
import static dev.agentdb.compat.Records.allIds;
import static dev.agentdb.compat.TestVectors.vec;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract: metadata filters, as data. Each row of {@link FilterCases} is checked against the
 * in-memory oracle {@link Filter#test(Map)} and then against the backend through {@code count},
 * filtered {@code search} with {@code k} = corpus size, and {@code deleteWhere}.
 */
public interface FilterContract extends CompatFixture {
    /**
     * Creates the collection {@code corpus} holding {@link FilterCases#corpus()}, searchable.
     *
     * @return the collection
     */
    default VectorCollection filterCorpus() {
        VectorCollection c = createCollection("corpus", FilterCases.DIMENSION, Metric.COSINE);
        c.insertBatch(FilterCases.corpus());
        awaitSearchable(c, FilterCases.allIds().size());
        return c;
    }

    /**
     * A row of {@link FilterCases} matches exactly its expected ids under the oracle {@code
     * Filter.test}, and its JSON form parses back to the same filter.
     *
     * @param row the filter case
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.agentdb.compat.FilterCases#all")
    default void should_match_exactly_the_expected_ids_in_the_oracle(FilterCase row) {
        Set<String> matched = new TreeSet<>();
        FilterCases.metadata().forEach((id, metadata) -> {
            if (row.filter().test(metadata)) {
                matched.add(id);
            }
        });

        assertThat(matched).as("ids where Filter.test is true for %s", row.filter().toJson())
                .containsExactlyElementsOf(row.expected());
        assertThat(Filter.parse(row.filter().toJson())).as("toJson round trip").isEqualTo(row.filter());
    }

    /**
     * On the backend, a row of {@link FilterCases} counts, searches (ANN and exact) and deletes
     * exactly its expected ids, also in its parsed JSON form.
     *
     * @param row the filter case
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.agentdb.compat.FilterCases#all")
    default void should_count_search_and_delete_exactly_the_expected_ids(FilterCase row) {
        VectorCollection c = filterCorpus();
        int size = FilterCases.allIds().size();
        float[] query = FilterCases.corpus().get(0).embedding();
        String json = row.filter().toJson();

        assertThat(c.count(row.filter())).as("count(%s)", json).isEqualTo(row.expected().size());
        assertThat(c.count(Filter.parse(json))).as("count of the parsed JSON form %s", json)
                .isEqualTo(row.expected().size());
        assertThat(new TreeSet<>(ids(c.search(SearchRequest.builder(query).k(size).filter(row.filter()).build()))))
                .as("search(k=%d, %s)", size, json).containsExactlyElementsOf(row.expected());
        assertThat(new TreeSet<>(ids(c.search(SearchRequest.builder(query).k(size).filter(row.filter()).exact(true).build()))))
                .as("exact search(k=%d, %s)", size, json).containsExactlyElementsOf(row.expected());

        long deleted = c.deleteWhere(row.filter());

        Set<String> remaining = FilterCases.allIds();
        remaining.removeAll(row.expected());
        assertThat(deleted).as("deleteWhere(%s)", json).isEqualTo(row.expected().size());
        assertThat(allIds(c)).as("records left after deleteWhere(%s)", json).containsExactlyElementsOf(remaining);
        assertThat(c.count(row.filter())).isZero();
    }

    /**
     * Filters exactly at {@code Limits.MAX_FILTER_CLAUSES}, {@code Limits.MAX_FILTER_DEPTH} and
     * {@code Limits.MAX_FILTER_VALUES}, with every kind of clause, are answered by the backend as the
     * oracle {@code Filter.test} says, built in Java and parsed from JSON: the limits are inside what
     * every backend executes.
     */
    @Test
    default void should_answer_filters_at_every_limit_like_the_oracle() {
        VectorCollection c = filterCorpus();
        float[] query = FilterCases.corpus().get(0).embedding();
        int size = FilterCases.allIds().size();

        for (Filter filter : FilterCases.atTheLimits()) {
            Set<String> expected = new TreeSet<>();
            FilterCases.metadata().forEach((id, metadata) -> {
                if (filter.test(metadata)) {
                    expected.add(id);
                }
            });
            String json = filter.toJson();
            String shown = json.length() > 120 ? json.substring(0, 120) + "..." : json;
            assertThat(c.count(filter)).as("count(%s)", shown).isEqualTo(expected.size());
            assertThat(c.count(Filter.parse(json))).as("count of the parsed JSON %s", shown).isEqualTo(expected.size());
            assertThat(new TreeSet<>(ids(c.search(SearchRequest.builder(query).k(size).filter(filter).exact(true).build()))))
                    .as("exact search(%s)", shown).containsExactlyElementsOf(expected);
            assertThat(new TreeSet<>(ids(c.search(SearchRequest.builder(query).k(size).filter(filter).build()))))
                    .as("search(%s)", shown).containsExactlyElementsOf(expected);
        }
    }

    /**
     * A null filter and an empty {@code and} count every record.
     */
    @Test
    default void should_count_all_records_when_filter_is_null() {
        VectorCollection c = filterCorpus();

        assertThat(c.count(null)).isEqualTo(FilterCases.allIds().size());
        assertThat(c.count(Filter.and())).isEqualTo(FilterCases.allIds().size());
    }

    /**
     * Filters on an empty collection count, delete and find nothing.
     */
    @Test
    default void should_match_nothing_on_an_empty_collection() {
        VectorCollection c = createCollection("corpus", FilterCases.DIMENSION, Metric.COSINE);

        assertThat(c.count(Filter.eq("category", "tech"))).isZero();
        assertThat(c.count(Filter.ne("category", "tech"))).isZero();
        assertThat(c.deleteWhere(Filter.and())).isZero();
        assertThat(c.search(vec(1, 2, 3, 4), 5, Filter.exists("x", false))).isEmpty();
    }

    /**
     * Filters see the metadata an upsert wrote, not the replaced one.
     */
    @Test
    default void should_see_metadata_changes_made_by_upsert_in_filters() {
        VectorCollection c = filterCorpus();

        c.upsert(VectorRecord.of("r06", FilterCases.corpus().get(5).embedding(), Map.of("category", "tech")));
        c.upsert(VectorRecord.of("r01", FilterCases.corpus().get(0).embedding(), Map.of("category", "art")));

        awaitSearchable(c, FilterCases.allIds().size());
        assertThat(new TreeSet<>(ids(c.search(FilterCases.corpus().get(0).embedding(), 12, Filter.eq("category", "tech")))))
                .containsExactly("r03", "r06", "r09");
        assertThat(c.count(Filter.eq("category", "art"))).isEqualTo(2);
    }

    /**
     * Filter values that look like SQL, JSON paths or wildcards are compared as plain data.
     */
    @Test
    default void should_treat_values_in_filters_as_data_not_as_query_text() {
        VectorCollection c = filterCorpus();
        List<String> hostile = List.of("x' OR '1'='1", "\") OR 1=1 --", "'; DROP TABLE vectors; --", "$.category",
                "{\"$gt\": \"\"}", "%", "_", "*", "\\");

        for (String value : hostile) {
            assertThat(c.count(Filter.eq("category", value))).as(value).isZero();
            assertThat(c.count(Filter.ne("category", value))).as(value).isEqualTo(FilterCases.allIds().size());
            assertThat(c.count(Filter.in("category", value, "art"))).as(value).isEqualTo(1);
        }
        assertThat(c.count()).isEqualTo(FilterCases.allIds().size());
        assertThat(db().hasCollection("corpus")).isTrue();
    }
}
