package dev.agentdb.langchain4j;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.EmbeddingStoreWithRemovalIT;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * LangChain4j's own {@code EmbeddingStoreWithRemovalIT} (removal by id, ids, filter and all) on MongoDB ({@code AGENTDB_TEST_MONGODB_URL}: the mongo-java-server stand-in here, a fresh database); every test of the kit runs, no
 * hook is overridden. Each test gets a new collection.
 */
class MongoRemovalLangchain4jKitIT extends EmbeddingStoreWithRemovalIT {
    @RegisterExtension
    static final KitDatabase DB = KitDatabase.mongodb();

    @RegisterExtension
    final KitDatabase.Store store = DB.store();

    @Override
    protected EmbeddingStore<TextSegment> embeddingStore() {
        return store.get();
    }

    @Override
    protected EmbeddingModel embeddingModel() {
        return KitModel.MODEL;
    }
}
