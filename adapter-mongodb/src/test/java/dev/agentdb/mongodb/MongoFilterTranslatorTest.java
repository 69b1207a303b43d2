package dev.agentdb.mongodb;

import dev.agentdb.filter.Filter;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The translation's shape without a server; its semantics are checked by the kit's FilterContract
 * (every {@code FilterCases} row against {@code Filter.test}) on the MongoDB-protocol server.
 */
class MongoFilterTranslatorTest {
    private final MongoFilterTranslator t = new MongoFilterTranslator("metadata");

    @Test
    void should_put_user_values_into_bson_values_never_into_field_names_or_operators() {
        String hostile = "{\"$where\": \"sleep(1000)\"}";
        Document q = t.translate(Filter.and(Filter.eq("a", hostile), Filter.in("tag", List.of("$gt", 2.5, true))));
        assertThat(q.toJson()).contains("\"metadata.a\": {\"$eq\": \"{\\\"$where\\\": \\\"sleep(1000)\\\"}\"}");
        assertThat(q.getList("$and", Document.class).get(1)).isEqualTo(new Document("metadata.tag",
                new Document("$in", List.of("$gt", 2.5, true))));
    }

    @Test
    void should_guard_every_prefix_of_a_path_against_arrays() {
        assertThat(t.translate(Filter.gt("a.b.c", 5L)).toJson()).isEqualTo("{\"$and\": [{\"metadata.a\": {\"$not\": {\"$type\": 4}}},"
                + " {\"metadata.a.b\": {\"$not\": {\"$type\": 4}}}, {\"metadata.a.b.c\": {\"$gt\": 5}}]}");
        assertThat(t.translate(Filter.gt("a", 5L)).toJson()).isEqualTo("{\"metadata.a\": {\"$gt\": 5}}");
    }

    @Test
    void should_write_negations_as_nor_of_the_guarded_positive_so_missing_paths_match() {
        assertThat(t.translate(Filter.ne("a.b", "x")).toJson()).isEqualTo("{\"$nor\": [{\"$and\": [{\"metadata.a\": {\"$not\":"
                + " {\"$type\": 4}}}, {\"metadata.a.b\": {\"$eq\": \"x\"}}]}]}");
        assertThat(t.translate(Filter.nin("a", List.of(1L))).toJson()).isEqualTo("{\"$nor\": [{\"metadata.a\": {\"$in\": [1]}}]}");
        assertThat(t.translate(Filter.exists("a", false)).toJson()).isEqualTo("{\"$nor\": [{\"metadata.a\": {\"$exists\": true}}]}");
        assertThat(t.translate(Filter.not(Filter.eq("a", 1L))).toJson()).isEqualTo("{\"$nor\": [{\"metadata.a\": {\"$eq\": 1}}]}");
    }

    @Test
    void should_match_null_only_for_a_missing_path_or_a_null_that_is_not_an_array() {
        assertThat(t.translate(Filter.eq("a", null)).toJson()).isEqualTo("{\"$or\": [{\"$nor\": [{\"metadata.a\": {\"$exists\": true}}]},"
                + " {\"$and\": [{\"metadata.a\": {\"$type\": 10}}, {\"metadata.a\": {\"$not\": {\"$type\": 4}}}]}]}");
    }

    @Test
    void should_translate_empty_logical_nodes_to_queries_mongodb_accepts() {
        assertThat(t.translate(Filter.and()).toJson()).isEqualTo("{}");
        assertThat(t.translate(Filter.or()).toJson()).isEqualTo("{\"$nor\": [{}]}");
        assertThat(t.translate(null).toJson()).isEqualTo("{}");
        assertThat(t.translate(Filter.in("a", List.of())).toJson()).isEqualTo("{\"metadata.a\": {\"$in\": []}}");
    }

    @Test
    void should_widen_string_ranges_where_positive_and_narrow_them_where_negated_on_a_utf16_ordered_server() {
        MongoFilterTranslator utf16 = new MongoFilterTranslator("metadata", false);
        assertThat(utf16.translate(Filter.gt("s", "x")).toJson()).isEqualTo("{\"metadata.s\": {\"$type\": 2}}");
        assertThat(utf16.translate(Filter.not(Filter.gt("s", "x"))).toJson()).isEqualTo("{\"$nor\": [{\"$nor\": [{}]}]}");
        assertThat(utf16.exact(Filter.gt("s", "x"))).isFalse();
        assertThat(utf16.exact(Filter.gt("n", 1L))).isTrue();
        assertThat(utf16.translate(Filter.gt("n", 1L)).toJson()).isEqualTo("{\"metadata.n\": {\"$gt\": 1}}");
        assertThat(t.exact(Filter.gt("s", "x"))).isTrue();
    }
}
