package dev.agentdb.springai;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Spring AI's {@code BaseVectorStoreTests} and our filter scenarios ({@link AgentDbVectorStoreContract})
 * on SQLite (a temporary file). Each test gets a new collection.
 */
class SqliteSpringAiKitIT extends AgentDbVectorStoreContract {
    @RegisterExtension
    static final KitDatabase DB = KitDatabase.sqlite();

    @RegisterExtension
    final KitDatabase.Store store = DB.store();

    @Override
    protected KitDatabase.Store store() {
        return store;
    }
}
