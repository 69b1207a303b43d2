package dev.agentdb.langchain4j;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.EmbeddingStoreWithRemovalIT;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * LangChain4j's own {@code EmbeddingStoreWithRemovalIT} (removal by id, ids, filter and all) on Cloudflare D1 ({@code AGENTDB_TEST_D1_URL}: the emulator here, a database created through its API); every test of the kit runs, no
 * hook is overridden. Each test gets a new collection.
 */
class D1RemovalLangchain4jKitIT extends EmbeddingStoreWithRemovalIT {
    @RegisterExtension
    static final KitDatabase DB = KitDatabase.d1();

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
