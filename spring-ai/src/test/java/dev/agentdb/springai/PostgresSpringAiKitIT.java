package dev.agentdb.springai;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Spring AI's {@code BaseVectorStoreTests} and our filter scenarios ({@link AgentDbVectorStoreContract})
 * on PostgreSQL + pgvector ({@code AGENTDB_TEST_POSTGRES_URL}, a fresh schema). Each test gets a new collection.
 */
class PostgresSpringAiKitIT extends AgentDbVectorStoreContract {
    @RegisterExtension
    static final KitDatabase DB = KitDatabase.postgres();

    @RegisterExtension
    final KitDatabase.Store store = DB.store();

    @Override
    protected KitDatabase.Store store() {
        return store;
    }
}
