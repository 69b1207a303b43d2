package dev.agentdb.springai;

import dev.agentdb.AgentDB;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Limits;
import dev.agentdb.Metric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.ai.document.Document;
import org.springframework.ai.document.DocumentMetadata;
import org.springframework.ai.test.vectorstore.BaseVectorStoreTests;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.ai.vectorstore.filter.FilterExpressionTextParser;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

/**
 * Spring AI's own store kit ({@code BaseVectorStoreTests} from {@code spring-ai-test}: delete by ids, by
 * a {@code Filter.Expression} and by the text syntax; every test of it runs, no hook is overridden but
 * {@code executeTest}, which hands it a fresh store), plus the filter scenarios Spring AI tests its
 * PgVector store with ({@code PgVectorStoreIT}: equality, AND/OR/NOT, IN/NIN, thresholds, updates, per
 * metric) and those it does not run there (ranges, NE, ISNULL/ISNOTNULL, numbers stored as ints and
 * doubles, booleans, nested keys). One subclass per backend supplies the {@link KitDatabase}.
 */
abstract class AgentDbVectorStoreContract extends BaseVectorStoreTests {
    private static final String WORLD = "The World is Big and Salvation Lurks Around the Corner";

    /** @return the test's store (a new collection) */
    protected abstract KitDatabase.Store store();

    @Override
    protected void executeTest(Consumer<VectorStore> testFunction) {
        testFunction.accept(store().get());
    }

    // PgVectorStoreIT's documents: two BG, one NL without a year
    private final Document bg2020 = new Document(WORLD, Map.of("country", "BG", "year", 2020));
    private final Document nl = new Document(WORLD, Map.of("country", "NL"));
    private final Document bg2023 = new Document(WORLD, Map.of("country", "BG", "year", 2023));

    private List<String> search(VectorStore store, String filter) {
        return store.similaritySearch(SearchRequest.builder().query("The World").topK(5).similarityThresholdAll()
                .filterExpression(filter).build()).stream().map(Document::getId).toList();
    }

    private VectorStore countries(Metric metric) {
        VectorStore store = store().get(metric);
        store.add(List.of(bg2020, nl, bg2023));
        return store;
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void should_filter_by_equality_and_or_not_like_pgvector_store_it(Metric metric) {
        VectorStore store = countries(metric);
        assertThat(store.similaritySearch(SearchRequest.builder().query("The World").topK(5).similarityThresholdAll().build()))
                .hasSize(3);
        assertThat(search(store, "country == 'NL'")).containsExactly(nl.getId());
        assertThat(search(store, "country == 'BG'")).containsExactlyInAnyOrder(bg2020.getId(), bg2023.getId());
        assertThat(search(store, "country == 'BG' && year == 2020")).containsExactly(bg2020.getId());
        assertThat(search(store, "(country == 'BG' && year == 2020) || (country == 'NL')"))
                .containsExactlyInAnyOrder(bg2020.getId(), nl.getId());
        assertThat(search(store, "NOT((country == 'BG' && year == 2020) || (country == 'NL'))")).containsExactly(bg2023.getId());
        assertThatThrownBy(() -> search(store, "country == NL"))
                .isInstanceOf(FilterExpressionTextParser.FilterExpressionParseException.class)
                .hasMessageContaining("Line: 1:17, Error: no viable alternative at input 'NL'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "country in ['BG','NL']  | 3",
        "year in [2020]          | 1",
        "country not in ['BG']   | 1",
        "year not in [2020]      | 2", // NL has no year: NIN matches it
    })
    void should_filter_by_in_and_nin_like_pgvector_store_it(String filter, int expected) {
        assertThat(search(countries(Metric.COSINE), filter)).hasSize(expected);
    }

    @Test
    void should_filter_by_ranges_and_never_match_a_missing_key() {
        VectorStore store = countries(Metric.COSINE);
        assertThat(search(store, "year > 2020")).containsExactly(bg2023.getId());
        assertThat(search(store, "year >= 2020 && year < 2023")).containsExactly(bg2020.getId());
        assertThat(search(store, "year <= 2023")).containsExactlyInAnyOrder(bg2020.getId(), bg2023.getId());
        assertThat(search(store, "year < 2020")).isEmpty();
        assertThat(search(store, "country >= 'C'")).containsExactly(nl.getId()); // strings by code point
    }

    @Test
    void should_match_a_missing_key_with_ne_and_is_null() {
        VectorStore store = countries(Metric.COSINE);
        assertThat(search(store, "country != 'BG'")).containsExactly(nl.getId());
        assertThat(search(store, "year != 2020")).containsExactlyInAnyOrder(nl.getId(), bg2023.getId());
        assertThat(search(store, "year IS NULL")).containsExactly(nl.getId());
        assertThat(search(store, "year IS NOT NULL")).containsExactlyInAnyOrder(bg2020.getId(), bg2023.getId());
        assertThat(search(store, "country == 'NL' || NOT(year IS NULL)")).hasSize(3);
    }

    @Test
    void should_compare_numbers_stored_as_ints_longs_and_doubles_numerically() {
        VectorStore store = store().get();
        Document asInt = new Document(WORLD, Map.of("price", 3, "year", 2020));
        Document asDouble = new Document(WORLD, Map.of("price", 2.5, "year", 2021.0));
        Document asLong = new Document(WORLD, Map.of("price", 4_000_000_000L, "year", 2022L));
        store.add(List.of(asInt, asDouble, asLong));

        assertThat(search(store, "price == 3.0")).containsExactly(asInt.getId());
        assertThat(search(store, "price == 2.5")).containsExactly(asDouble.getId());
        assertThat(search(store, "year == 2021")).containsExactly(asDouble.getId());
        assertThat(search(store, "price > 2")).hasSize(3);
        assertThat(search(store, "price > 3 && price < 4000000000.5")).containsExactly(asLong.getId());
        assertThat(search(store, "price in [3.0, 2.5]")).containsExactlyInAnyOrder(asInt.getId(), asDouble.getId());
        assertThat(search(store, "year not in [2020.0, 2022]")).containsExactly(asDouble.getId());

        Map<String, Object> back = store.similaritySearch(SearchRequest.builder().query("The World").topK(5)
                .filterExpression("price == 3").build()).get(0).getMetadata();
        assertThat(((Number) back.get("price")).doubleValue()).isEqualTo(3.0);
        assertThat(back.get("price")).isInstanceOfAny(Integer.class, Long.class); // an int comes back integral
        Map<String, Object> backDouble = store.similaritySearch(SearchRequest.builder().query("The World").topK(5)
                .filterExpression("price == 2.5").build()).get(0).getMetadata();
        assertThat(backDouble.get("price")).isEqualTo(2.5);
    }

    @Test
    void should_filter_by_booleans_and_nested_keys() {
        VectorStore store = store().get();
        Document ada = new Document(WORLD, Map.of("active", true, "author", Map.of("name", "ada")));
        Document bob = new Document(WORLD, Map.of("active", false, "author", Map.of("name", "bob")));
        store.add(List.of(ada, bob));
        assertThat(search(store, "active == true")).containsExactly(ada.getId());
        assertThat(search(store, "active != true")).containsExactly(bob.getId());
        assertThat(search(store, "author.name == 'bob'")).containsExactly(bob.getId());
        assertThat(search(store, "\"author.name\" in ['ada', 'carl']")).containsExactly(ada.getId());
    }

    @Test
    void should_refuse_a_key_that_is_not_a_metadata_path_naming_the_limit() {
        VectorStore store = store().get();
        // PgVectorStoreIT filters on the key "foo bar 1"; AgentDB paths are segments of [A-Za-z0-9_-]
        store.add(List.of(new Document(WORLD, Map.of("foo bar 1", "bar.foo"))));
        assertThatThrownBy(() -> search(store, "\"foo bar 1\" == 'bar.foo'"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(Limits.PATH_SEGMENT.pattern());
    }

    @Test
    void should_delete_by_a_range_filter_keeping_documents_without_the_key() {
        VectorStore store = countries(Metric.COSINE);
        store.delete("year < 2023");
        assertThat(search(store, null)).containsExactlyInAnyOrder(nl.getId(), bg2023.getId());
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void should_replace_a_document_added_again_under_its_id(Metric metric) {
        VectorStore store = store().get(metric);
        Document first = new Document("doc-1", "Spring AI rocks!!", Map.of("meta1", "meta1"));
        store.add(List.of(first));
        Document found = store.similaritySearch(SearchRequest.builder().query("Spring").topK(5).build()).get(0);
        assertThat(found.getId()).isEqualTo("doc-1");
        assertThat(found.getText()).isEqualTo("Spring AI rocks!!");
        assertThat(found.getMetadata()).containsEntry("meta1", "meta1").containsKey(DocumentMetadata.DISTANCE.value());

        store.add(List.of(new Document("doc-1", WORLD, Map.of("meta2", "meta2"))));
        List<Document> results = store.similaritySearch(SearchRequest.builder().query("FooBar").topK(5).build());
        assertThat(results).hasSize(1);
        assertThat(results.get(0).getText()).isEqualTo(WORLD);
        assertThat(results.get(0).getMetadata()).containsKey("meta2").doesNotContainKey("meta1");
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void should_score_in_0_1_best_first_and_apply_the_similarity_threshold_to_the_score(Metric metric) {
        VectorStore store = store().get(metric);
        List<Document> docs = List.of(
                new Document("Spring AI provides abstractions for building AI applications in Java"),
                new Document("Time Shelter is a novel by Georgi Gospodinov about a clinic of the past"),
                new Document("The Great Depression was a severe worldwide economic downturn"));
        store.add(docs);

        List<Document> all = store.similaritySearch(SearchRequest.builder().query("Time Shelter").topK(5).similarityThresholdAll().build());
        assertThat(all).hasSize(3);
        assertThat(all.get(0).getId()).isEqualTo(docs.get(1).getId());
        double[] scores = all.stream().mapToDouble(Document::getScore).toArray();
        for (double s : scores) {
            assertThat(s).isBetween(0.0, 1.0);
        }
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        assertThat(scores).containsExactly(sorted[2], sorted[1], sorted[0]);
        if (metric != Metric.L2) { // unit-length vectors: the cosine, 1 - distance
            double distance = ((Number) all.get(0).getMetadata().get(DocumentMetadata.DISTANCE.value())).doubleValue();
            assertThat(scores[0]).isCloseTo(metric == Metric.COSINE ? 1 - distance : -distance, offset(1e-6));
        }

        double threshold = (scores[0] + scores[1]) / 2;
        List<Document> above = store.similaritySearch(SearchRequest.builder().query("Time Shelter").topK(5)
                .similarityThreshold(threshold).build());
        assertThat(above).hasSize(1);
        assertThat(above.get(0).getId()).isEqualTo(docs.get(1).getId());
        assertThat(above.get(0).getScore()).isGreaterThanOrEqualTo(threshold);
        assertThat(store.similaritySearch(SearchRequest.builder().query("Time Shelter").topK(5)
                .similarityThreshold(scores[1]).build())).hasSize(2); // inclusive
    }

    @Test
    void should_honour_top_k_and_refuse_one_above_the_limit() {
        VectorStore store = countries(Metric.COSINE);
        assertThat(store.similaritySearch(SearchRequest.builder().query("The World").topK(2).build())).hasSize(2);
        assertThat(store.similaritySearch(SearchRequest.builder().query("The World").topK(0).build())).isEmpty();
        assertThatThrownBy(() -> store.similaritySearch(SearchRequest.builder().query("The World").topK(Limits.MAX_K + 1).build()))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("topK"))
                .hasMessageContaining(String.valueOf(Limits.MAX_K));
    }

    @Test
    void should_return_the_agentdb_as_native_client_and_store_records_other_clients_read() {
        AgentDbVectorStore store = store().get();
        store.add(List.of(bg2020));
        assertThat(store.<AgentDB>getNativeClient()).containsInstanceOf(AgentDB.class);
        var record = store.collection().get(bg2020.getId()).orElseThrow();
        assertThat(record.text()).isEqualTo(WORLD);
        assertThat(record.metadata()).containsEntry("country", "BG");
        assertThat(record.embedding()).hasSize(MiniLmEmbeddingModel.DIMENSION);
    }
}
