package dev.agentdb.springai;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Spring AI's {@code BaseVectorStoreTests} and our filter scenarios ({@link AgentDbVectorStoreContract})
 * on MariaDB 10.11 ({@code AGENTDB_TEST_MARIADB_URL}, a fresh database). Each test gets a new collection.
 */
class MariadbSpringAiKitIT extends AgentDbVectorStoreContract {
    @RegisterExtension
    static final KitDatabase DB = KitDatabase.mariadb("MARIADB");

    @RegisterExtension
    final KitDatabase.Store store = DB.store();

    @Override
    protected KitDatabase.Store store() {
        return store;
    }
}
