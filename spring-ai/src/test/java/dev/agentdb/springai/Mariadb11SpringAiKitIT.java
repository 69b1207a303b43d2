package dev.agentdb.springai;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Spring AI's {@code BaseVectorStoreTests} and our filter scenarios ({@link AgentDbVectorStoreContract})
 * on MariaDB 11.8 ({@code AGENTDB_TEST_MARIADB11_URL}, a fresh database). Each test gets a new collection.
 */
class Mariadb11SpringAiKitIT extends AgentDbVectorStoreContract {
    @RegisterExtension
    static final KitDatabase DB = KitDatabase.mariadb("MARIADB11");

    @RegisterExtension
    final KitDatabase.Store store = DB.store();

    @Override
    protected KitDatabase.Store store() {
        return store;
    }
}
