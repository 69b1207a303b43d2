package dev.agentdb.mongodb;

import com.mongodb.MongoClientSettings;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.CollectionSpec;
import dev.agentdb.IndexParams;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.mongodb.internal.MongoDocuments;
import dev.agentdb.filter.Filter;
import dev.agentdb.mongodb.internal.MongoVectorSearch;
import org.bson.BinaryVector;
import org.bson.BsonBinarySubType;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The vector search decisions and shapes against MongoDB's documented ones (the {@code vectorSearch}
 * index definition, {@code $listSearchIndexes}' documents and errors, the {@code $vectorSearch} stage
 * and what its {@code filter} accepts), without a deployment.
 */
class MongoVectorSearchTest {
    private static BsonDocument render(Bson b) {
        return b.toBsonDocument(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry());
    }

    @Test
    void should_define_the_index_as_mongodb_documents_it() {
        Document d = MongoVectorSearch.indexDefinition(CollectionSpec.of(3, Metric.L2), List.of("lang", "author.name"));
        assertThat(d.toJson()).isEqualTo("{\"fields\": [{\"type\": \"vector\", \"path\": \"embedding\", \"numDimensions\": 3,"
                + " \"similarity\": \"euclidean\"}, {\"type\": \"filter\", \"path\": \"metadata.lang\"},"
                + " {\"type\": \"filter\", \"path\": \"metadata.author.name\"}]}");
        assertThat(MongoVectorSearch.similarity(Metric.COSINE)).isEqualTo("cosine");
        assertThat(MongoVectorSearch.similarity(Metric.INNER_PRODUCT)).isEqualTo("dotProduct");
        assertThat(MongoVectorSearch.indexModel("agentdb_vector", CollectionSpec.of(3, Metric.COSINE), List.of()).getType().toBsonValue())
                .hasToString("BsonString{value='vectorSearch'}");
        assertThatThrownBy(() -> MongoVectorSearch.indexDefinition(CollectionSpec.of(3, Metric.L2), List.of("a..b")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("filterPaths");
    }

    @Test
    void should_build_an_approximate_stage_with_num_candidates_from_ef_search_and_a_float32_query() {
        CollectionSpec spec = CollectionSpec.of(2, Metric.COSINE);
        SearchRequest request = SearchRequest.builder(new float[] {0.5f, -1f}).k(5).efSearch(120).build();
        List<Bson> pipeline = MongoVectorSearch.pipeline("agentdb_vector", request, spec, new Document("metadata.lang", "en"));
        BsonDocument stage = render(pipeline.get(0)).getDocument("$vectorSearch");
        assertThat(stage.getString("index").getValue()).isEqualTo("agentdb_vector");
        assertThat(stage.getString("path").getValue()).isEqualTo("embedding");
        assertThat(stage.getNumber("limit").intValue()).as("k + the tie margin").isEqualTo(5 + MongoVectorSearch.TIE_MARGIN);
        assertThat(stage.getNumber("numCandidates").intValue()).isEqualTo(120);
        assertThat(stage.getDocument("filter")).isEqualTo(BsonDocument.parse("{\"metadata.lang\": \"en\"}"));
        assertThat(stage.getBinary("queryVector").getType()).isEqualTo(BsonBinarySubType.VECTOR.getValue());
        assertThat(stage.getBinary("queryVector").getData()).hasSize(2 + 2 * 4).startsWith((byte) 0x27, (byte) 0);
        assertThat(stage.containsKey("exact")).isFalse();
        BsonDocument project = render(pipeline.get(1)).getDocument("$project");
        assertThat(project.getDocument("score")).isEqualTo(BsonDocument.parse("{\"$meta\": \"vectorSearchScore\"}"));
        assertThat(project.keySet()).containsExactly("embedding", "metadata", "text", "score");
    }

    @Test
    void should_bound_num_candidates_and_ask_for_exact_search_when_asked_or_flat() {
        CollectionSpec spec = CollectionSpec.of(2, Metric.COSINE);
        assertThat(MongoVectorSearch.numCandidates(SearchRequest.builder(new float[] {1f, 0f}).k(500).efSearch(40).build(), spec))
                .as("at least the limit").isEqualTo(500 + MongoVectorSearch.TIE_MARGIN);
        assertThat(MongoVectorSearch.limit(SearchRequest.builder(new float[] {1f, 0f}).k(10_000).build()))
                .isEqualTo(MongoVectorSearch.MAX_NUM_CANDIDATES);
        assertThat(MongoVectorSearch.numCandidates(SearchRequest.builder(new float[] {1f, 0f}).k(10).efSearch(50_000).build(), spec))
                .isEqualTo(MongoVectorSearch.MAX_NUM_CANDIDATES);
        assertThat(MongoVectorSearch.numCandidates(SearchRequest.of(new float[] {1f, 0f}, 10), spec))
                .isEqualTo(Math.max(IndexParams.DEFAULT_EF_SEARCH, 10 + MongoVectorSearch.TIE_MARGIN));
        BsonDocument exact = render(MongoVectorSearch.pipeline("i", SearchRequest.builder(new float[] {1f, 0f}).k(3).exact(true).build(),
                spec, null).get(0)).getDocument("$vectorSearch");
        assertThat(exact.getBoolean("exact").getValue()).isTrue();
        assertThat(exact.containsKey("numCandidates")).isFalse();
        assertThat(exact.containsKey("filter")).isFalse();
        BsonDocument flat = render(MongoVectorSearch.pipeline("i", SearchRequest.of(new float[] {1f, 0f}, 3),
                new CollectionSpec(2, Metric.COSINE, IndexParams.flat()), null).get(0)).getDocument("$vectorSearch");
        assertThat(flat.getBoolean("exact").getValue()).isTrue();
    }

    @Test
    void should_tell_why_a_deployment_refusing_list_search_indexes_has_no_vector_search() {
        assertThat(MongoVectorSearch.unavailableReason(31082, "SearchNotEnabled", "Using $listSearchIndexes requires additional configuration"))
                .startsWith("search is not enabled").contains("31082 SearchNotEnabled").contains("requires additional configuration");
        assertThat(MongoVectorSearch.unavailableReason(40324, "Location40324", "Unrecognized pipeline stage name: '$listSearchIndexes'"))
                .startsWith("the server does not know $listSearchIndexes").contains("Unrecognized pipeline stage");
        assertThat(MongoVectorSearch.unavailableReason(13, null, "not authorized")).startsWith("the server refused").contains("13: not authorized");
    }

    @Test
    void should_choose_vector_search_for_cosine_and_l2_only_and_read_its_properties() {
        assertThat(MongoVectorSearch.servesMetric(Metric.COSINE)).isTrue();
        assertThat(MongoVectorSearch.servesMetric(Metric.L2)).isTrue();
        assertThat(MongoVectorSearch.servesMetric(Metric.INNER_PRODUCT)).as("dotProduct is documented for unit vectors only").isFalse();
        AgentDBConfig none = AgentDBConfig.builder("mongodb://h/db").build();
        assertThat(MongoVectorSearch.allowed(none)).isTrue();
        assertThat(MongoVectorSearch.allowed(AgentDBConfig.builder("mongodb://h/db").property(MongoVectorSearch.MODE_PROPERTY, "in-house")
                .build())).isFalse();
        assertThatThrownBy(() -> MongoVectorSearch.allowed(AgentDBConfig.builder("mongodb://h/db")
                .property(MongoVectorSearch.MODE_PROPERTY, "atlas").build())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(MongoVectorSearch.MODE_PROPERTY);
        assertThat(MongoVectorSearch.readyTimeoutMs(none)).isEqualTo(MongoVectorSearch.DEFAULT_READY_TIMEOUT_MS);
        assertThatThrownBy(() -> MongoVectorSearch.readyTimeoutMs(AgentDBConfig.builder("mongodb://h/db")
                .property(MongoVectorSearch.READY_TIMEOUT_PROPERTY, "0").build())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(MongoVectorSearch.READY_TIMEOUT_PROPERTY);
        AgentDBConfig fields = AgentDBConfig.builder("mongodb://h/db").property(MongoVectorSearch.FILTER_FIELDS_PROPERTY, "lang, year")
                .property(MongoVectorSearch.FILTER_FIELDS_PROPERTY + ".docs", "author.name,lang").build();
        assertThat(MongoVectorSearch.filterFields(fields, "docs")).containsExactly("lang", "year", "author.name");
        assertThat(MongoVectorSearch.filterFields(fields, "other")).containsExactly("lang", "year");
        assertThat(MongoVectorSearch.filterFields(none, "docs")).isEmpty();
        assertThatThrownBy(() -> MongoVectorSearch.filterFields(AgentDBConfig.builder("mongodb://h/db")
                .property(MongoVectorSearch.FILTER_FIELDS_PROPERTY + ".docs", "a..b").build(), "docs"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(MongoVectorSearch.FILTER_FIELDS_PROPERTY + ".docs");
    }

    @Test
    void should_read_an_index_as_list_search_indexes_documents_it() {
        Document listed = Document.parse("{\"id\": \"6524096020da840844a4c4a7\", \"name\": \"agentdb_vector_index\", \"type\": \"vectorSearch\","
                + " \"status\": \"READY\", \"queryable\": true, \"latestDefinitionVersion\": {\"version\": 0},"
                + " \"latestDefinition\": {\"fields\": [{\"type\": \"vector\", \"path\": \"embedding\", \"numDimensions\": 3,"
                + " \"similarity\": \"cosine\"}, {\"type\": \"filter\", \"path\": \"metadata.lang\"},"
                + " {\"type\": \"filter\", \"path\": \"metadata.author.name\"}]}}");
        MongoVectorSearch.IndexInfo info = MongoVectorSearch.indexInfo(listed);
        assertThat(info.queryable()).isTrue();
        assertThat(info.status()).isEqualTo("READY");
        assertThat(info.filterPaths()).containsExactly("lang", "author.name");
        assertThat(info.matches(CollectionSpec.of(3, Metric.COSINE))).isTrue();
        assertThat(info.matches(CollectionSpec.of(3, Metric.L2))).isFalse();
        assertThat(info.matches(CollectionSpec.of(4, Metric.COSINE))).isFalse();
        MongoVectorSearch.IndexInfo building = MongoVectorSearch.indexInfo(Document.parse(
                "{\"name\": \"agentdb_vector_index\", \"status\": \"PENDING\", \"queryable\": false}"));
        assertThat(building.queryable()).isFalse();
        assertThat(building.filterPaths()).isEmpty();
        assertThat(MongoVectorSearch.indexInfo(Document.parse("{\"name\": \"i\", \"status\": \"FAILED\", \"queryable\": false}"))
                .failed()).isTrue();
    }

    @Test
    void should_pre_filter_only_what_vector_search_accepts_on_declared_paths_and_always_a_superset() {
        Set<String> declared = Set.of("lang", "year", "draft");
        MongoVectorSearch.Prefilter none = MongoVectorSearch.prefilter(null, declared);
        assertThat(none.query()).isNull();
        assertThat(none.complete()).isTrue();
        assertThat(none.unconstrained()).isFalse();

        MongoVectorSearch.Prefilter eq = MongoVectorSearch.prefilter(Filter.and(Filter.eq("lang", "en"), Filter.eq("draft", false)), declared);
        assertThat(render(eq.query())).isEqualTo(BsonDocument.parse(
                "{\"$and\": [{\"metadata.lang\": \"en\"}, {\"metadata.draft\": false}]}"));
        assertThat(eq.complete()).isTrue();

        MongoVectorSearch.Prefilter num = MongoVectorSearch.prefilter(Filter.eq("year", 2024L), declared);
        assertThat(render(num.query())).as("numbers as closed ranges, so int32, int64 and double compare alike").isEqualTo(
                BsonDocument.parse("{\"$and\": [{\"metadata.year\": {\"$gte\": {\"$numberLong\": \"2024\"}}},"
                        + " {\"metadata.year\": {\"$lte\": {\"$numberLong\": \"2024\"}}}]}"));

        MongoVectorSearch.Prefilter gt = MongoVectorSearch.prefilter(Filter.gt("year", 2000L), declared);
        assertThat(render(gt.query())).as("open bounds widened").isEqualTo(BsonDocument.parse(
                "{\"metadata.year\": {\"$gte\": {\"$numberLong\": \"2000\"}}}"));
        assertThat(gt.complete()).isFalse();

        MongoVectorSearch.Prefilter in = MongoVectorSearch.prefilter(Filter.in("lang", List.of("en", "de")), declared);
        assertThat(render(in.query())).isEqualTo(BsonDocument.parse("{\"metadata.lang\": {\"$in\": [\"en\", \"de\"]}}"));

        MongoVectorSearch.Prefilter partial = MongoVectorSearch.prefilter(Filter.and(Filter.eq("lang", "en"), Filter.eq("topic", "db"),
                Filter.ne("year", 3L)), declared);
        assertThat(render(partial.query())).as("undeclared and negated leaves left out of an and")
                .isEqualTo(BsonDocument.parse("{\"metadata.lang\": \"en\"}"));
        assertThat(partial.complete()).isFalse();
        assertThat(partial.unconstrained()).isFalse();

        for (Filter f : List.of(Filter.eq("topic", "db"), Filter.or(Filter.eq("lang", "en"), Filter.eq("topic", "db")),
                Filter.not(Filter.eq("lang", "en")), Filter.nin("lang", List.of("en")), Filter.exists("lang"), Filter.eq("lang", null),
                Filter.gt("lang", "m"), Filter.eq("year", 1L << 60))) {
            MongoVectorSearch.Prefilter p = MongoVectorSearch.prefilter(f, declared);
            assertThat(p.query()).as(f.toJson()).isNull();
            assertThat(p.unconstrained()).as(f.toJson() + ": scanned exactly").isTrue();
        }
        MongoVectorSearch.Prefilter matchAll = MongoVectorSearch.prefilter(Filter.and(), declared);
        assertThat(matchAll.query()).isNull();
        assertThat(matchAll.unconstrained()).isFalse();
    }

    private static Document hit(String id, float[] v, Map<String, Object> metadata, double vectorSearchScore) {
        return new Document("_id", id).append("embedding", BinaryVector.floatVector(v)).append("metadata", MongoDocuments.metadata(metadata))
                .append("score", vectorSearchScore);
    }

    @Test
    void should_rank_returned_documents_by_exact_distance_and_id_whatever_score_mongodb_gave() {
        CollectionSpec spec = CollectionSpec.of(2, Metric.L2);
        float[] q = {0f, 0f};
        List<Document> found = List.of(
                hit("c", new float[] {3f, 4f}, Map.of("lang", "en"), 0.9),   // distance 5
                hit("b", new float[] {0f, 1f}, Map.of("lang", "en"), 0.1),   // distance 1
                hit("a", new float[] {1f, 0f}, Map.of("lang", "en"), 0.2),   // distance 1: tie with b, by id
                hit("x", new float[] {0.1f, 0f}, Map.of("lang", "de"), 0.99)); // nearest, fails the filter
        SearchRequest request = SearchRequest.builder(q).k(2).filter(Filter.eq("lang", "en")).build();
        MongoVectorSearch.Ranked ranked = MongoVectorSearch.rank(found, request, spec);
        assertThat(ranked.results()).extracting(SearchResult::id).containsExactly("a", "b");
        assertThat(ranked.results().get(0).distance()).isEqualTo(1.0);
        assertThat(ranked.results().get(0).score()).isEqualTo(Metric.L2.scoreOf(1.0));
        assertThat(ranked.results().get(0).metadata()).isEqualTo(Map.of("lang", "en"));
        assertThat(ranked.results().get(0).embedding()).isNull();
        assertThat(ranked.incomplete()).as("k found after the filter test").isFalse();

        MongoVectorSearch.Ranked few = MongoVectorSearch.rank(found, SearchRequest.builder(q).k(4).filter(Filter.eq("lang", "en"))
                .build(), spec);
        assertThat(few.results()).hasSize(3);
        assertThat(few.incomplete()).as("fewer than the limit returned: nothing more matches the pre-filter").isFalse();

        List<Document> full = new java.util.ArrayList<>(found);
        for (int i = 0; i < 2 + MongoVectorSearch.TIE_MARGIN - found.size(); i++) {
            full.add(hit("y" + i, new float[] {0.2f, 0f}, Map.of("lang", "de"), 0.98));
        }
        MongoVectorSearch.Ranked cut = MongoVectorSearch.rank(full, SearchRequest.builder(q).k(4).filter(Filter.eq("lang", "en"))
                .build(), spec);
        assertThat(cut.incomplete()).as("the limit was returned, the filter removed some, fewer than k remain").isFalse();
        List<Document> limitFull = new java.util.ArrayList<>(full);
        while (limitFull.size() < 4 + MongoVectorSearch.TIE_MARGIN) {
            limitFull.add(hit("z" + limitFull.size(), new float[] {0.3f, 0f}, Map.of("lang", "de"), 0.97));
        }
        assertThat(MongoVectorSearch.rank(limitFull, SearchRequest.builder(q).k(4).filter(Filter.eq("lang", "en")).build(), spec)
                .incomplete()).isTrue();

        MongoVectorSearch.Ranked cosine = MongoVectorSearch.rank(List.of(hit("a", new float[] {1f, 1f}, Map.of(), 1.0)),
                SearchRequest.builder(new float[] {1f, 0f}).k(1).threshold(0.8).includeVectors(true).build(), CollectionSpec.of(2, Metric.COSINE));
        assertThat(cosine.results()).as("cos 0.707: below the threshold 0.8, whatever vectorSearchScore said").isEmpty();
        MongoVectorSearch.Ranked kept = MongoVectorSearch.rank(List.of(hit("a", new float[] {1f, 1f}, Map.of(), 0.0)),
                SearchRequest.builder(new float[] {1f, 0f}).k(1).includeVectors(true).build(), CollectionSpec.of(2, Metric.COSINE));
        assertThat(kept.results().get(0).distance()).isCloseTo(Metric.COSINE.distance(new float[] {1f, 0f}, new float[] {1f, 1f}),
                org.assertj.core.api.Assertions.within(1e-6));
        assertThat(kept.results().get(0).embedding()).containsExactly(1f, 1f);
    }
}
