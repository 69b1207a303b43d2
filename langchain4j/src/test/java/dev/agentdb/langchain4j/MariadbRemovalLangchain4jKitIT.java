package dev.agentdb.langchain4j;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.EmbeddingStoreWithRemovalIT;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * LangChain4j's own {@code EmbeddingStoreWithRemovalIT} (removal by id, ids, filter and all) on MariaDB 10.11 ({@code AGENTDB_TEST_MARIADB_URL}, a fresh database); every test of the kit runs, no
 * hook is overridden. Each test gets a new collection.
 */
class MariadbRemovalLangchain4jKitIT extends EmbeddingStoreWithRemovalIT {
    @RegisterExtension
    static final KitDatabase DB = KitDatabase.mariadb("MARIADB");

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
