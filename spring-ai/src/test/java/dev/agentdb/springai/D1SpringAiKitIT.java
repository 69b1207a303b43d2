package dev.agentdb.springai;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Spring AI's {@code BaseVectorStoreTests} and our filter scenarios ({@link AgentDbVectorStoreContract})
 * on Cloudflare D1 ({@code AGENTDB_TEST_D1_URL}: the emulator here, a database created through its API). Each test gets a new collection.
 */
class D1SpringAiKitIT extends AgentDbVectorStoreContract {
    @RegisterExtension
    static final KitDatabase DB = KitDatabase.d1();

    @RegisterExtension
    final KitDatabase.Store store = DB.store();

    @Override
    protected KitDatabase.Store store() {
        return store;
    }
}
