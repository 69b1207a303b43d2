package dev.agentdb.mongodb;

import com.mongodb.MongoClientSettings;
import dev.agentdb.CollectionSpec;
import dev.agentdb.IndexParams;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.mongodb.internal.MongoVectorSearch;
import org.bson.BsonBinarySubType;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The vector search shapes against MongoDB's documented ones (the {@code vectorSearch} index
 * definition and the {@code $vectorSearch} stage), without a deployment: none is used yet.
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
        assertThat(stage.getNumber("limit").intValue()).isEqualTo(5);
        assertThat(stage.getNumber("numCandidates").intValue()).isEqualTo(120);
        assertThat(stage.getDocument("filter")).isEqualTo(BsonDocument.parse("{\"metadata.lang\": \"en\"}"));
        assertThat(stage.getBinary("queryVector").getType()).isEqualTo(BsonBinarySubType.VECTOR.getValue());
        assertThat(stage.getBinary("queryVector").getData()).hasSize(2 + 2 * 4).startsWith((byte) 0x27, (byte) 0);
        assertThat(stage.containsKey("exact")).isFalse();
        BsonDocument project = render(pipeline.get(1)).getDocument("$project");
        assertThat(project.getDocument("score")).isEqualTo(BsonDocument.parse("{\"$meta\": \"vectorSearchScore\"}"));
    }

    @Test
    void should_bound_num_candidates_and_ask_for_exact_search_when_asked_or_flat() {
        CollectionSpec spec = CollectionSpec.of(2, Metric.COSINE);
        assertThat(MongoVectorSearch.numCandidates(SearchRequest.builder(new float[] {1f, 0f}).k(500).efSearch(40).build(), spec))
                .isEqualTo(500);
        assertThat(MongoVectorSearch.numCandidates(SearchRequest.builder(new float[] {1f, 0f}).k(10).efSearch(50_000).build(), spec))
                .isEqualTo(MongoVectorSearch.MAX_NUM_CANDIDATES);
        assertThat(MongoVectorSearch.numCandidates(SearchRequest.of(new float[] {1f, 0f}, 10), spec)).isEqualTo(IndexParams.DEFAULT_EF_SEARCH);
        BsonDocument exact = render(MongoVectorSearch.pipeline("i", SearchRequest.builder(new float[] {1f, 0f}).k(3).exact(true).build(),
                spec, null).get(0)).getDocument("$vectorSearch");
        assertThat(exact.getBoolean("exact").getValue()).isTrue();
        assertThat(exact.containsKey("numCandidates")).isFalse();
        assertThat(exact.containsKey("filter")).isFalse();
        BsonDocument flat = render(MongoVectorSearch.pipeline("i", SearchRequest.of(new float[] {1f, 0f}, 3),
                new CollectionSpec(2, Metric.COSINE, IndexParams.flat()), null).get(0)).getDocument("$vectorSearch");
        assertThat(flat.getBoolean("exact").getValue()).isTrue();
    }
}
