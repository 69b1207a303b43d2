package dev.agentdb.mongodb;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.agentdb.AgentDB;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.CollectionSpec;
import dev.agentdb.CollectionStats;
import dev.agentdb.IndexParams;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Metric;
import dev.agentdb.VectorCollection;
import dev.agentdb.UnsupportedFeatureException;
import dev.agentdb.VectorRecord;
import dev.agentdb.mongodb.internal.MongoRegistry;
import dev.agentdb.mongodb.internal.MongoVectorSearch;
import dev.agentdb.spi.Capability;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the adapter asks the deployment on open, and what follows, on the stand-in (mongo-java-server:
 * standalone, and it does not know {@code $listSearchIndexes}): no vector search, so every collection
 * uses the in-house index (recorded in the registry, reported by {@code stats()} and {@code health()});
 * no transactions, so {@code TRANSACTIONS} is not declared and {@code transaction(...)} is refused.
 */
class MongoDeploymentIT {
    @RegisterExtension
    static final MongoTestSupport SUPPORT = MongoTestSupport.of("MONGODB");

    @Test
    void should_detect_no_vector_search_on_the_stand_in_and_use_the_in_house_index() {
        String url = SUPPORT.newDatabaseUrl();
        try (AgentDB db = AgentDB.open(url); MongoClient client = MongoClients.create(url)) {
            MongoDeployment deployment = ((MongoAdapter) db.adapter()).deployment();
            assertThat(deployment.vectorSearch()).isFalse();
            assertThat(deployment.vectorSearchDetail()).contains("$listSearchIndexes");
            assertThat(db.health().detail()).contains("$vectorSearch: no");

            VectorCollection docs = db.createCollection("docs", CollectionSpec.of(2, Metric.COSINE));
            docs.insert(VectorRecord.of("a", new float[] {1f, 0f}, Map.of("lang", "en")));
            CollectionStats stats = docs.stats();
            assertThat(stats.indexImplementation()).isEqualTo(CollectionStats.IN_HOUSE);
            assertThat(stats.indexedCount()).isEqualTo(1);
            assertThat(db.createCollection("flat", new CollectionSpec(2, Metric.L2, IndexParams.flat())).stats().indexImplementation())
                    .isEqualTo(CollectionStats.NONE);
            Document registered = client.getDatabase(url.substring(url.lastIndexOf('/') + 1)).getCollection(MongoRegistry.COLLECTIONS)
                    .find(new Document("_id", "docs")).first();
            assertThat(registered.getString(MongoRegistry.INDEX_IMPLEMENTATION)).isEqualTo(CollectionStats.IN_HOUSE);
            assertThat(docs.search(new float[] {1f, 0.1f}, 1).get(0).id()).isEqualTo("a");
        }
    }

    @Test
    void should_refuse_malformed_vector_search_properties_on_open() {
        String url = SUPPORT.newDatabaseUrl();
        assertThatThrownBy(() -> AgentDB.open(AgentDBConfig.builder(url).property(MongoVectorSearch.MODE_PROPERTY, "always").build()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(MongoVectorSearch.MODE_PROPERTY);
        assertThatThrownBy(() -> AgentDB.open(AgentDBConfig.builder(url).property(MongoVectorSearch.FILTER_FIELDS_PROPERTY, "lang,$x")
                .build())).isInstanceOf(InvalidInputException.class).hasMessageContaining(MongoVectorSearch.FILTER_FIELDS_PROPERTY);
    }

    @Test
    void should_detect_a_standalone_server_and_declare_no_transactions() {
        String url = SUPPORT.newDatabaseUrl();
        try (AgentDB db = AgentDB.open(url)) {
            MongoDeployment deployment = ((MongoAdapter) db.adapter()).deployment();
            assertThat(deployment.transactions()).isFalse();
            assertThat(deployment.topology()).isEqualTo("standalone");
            assertThat(db.adapter().capabilities()).contains(Capability.READ_ONLY, Capability.DURABLE).doesNotContain(Capability.TRANSACTIONS);
            VectorCollection docs = db.createCollection("docs", CollectionSpec.of(2, Metric.COSINE));
            assertThatThrownBy(() -> db.useTransaction(() -> docs.insert(VectorRecord.of("a", new float[] {1f, 0f}, null))))
                    .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("TRANSACTIONS");
            assertThat(docs.count()).isZero();
        }
    }
}
