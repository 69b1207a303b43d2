package dev.agentdb.mongodb;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.agentdb.AgentDB;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A fresh database on the stand-in ({@code AGENTDB_TEST_MONGODB_URL}) per test, opened twice: through
 * AgentDB ({@link #db}) and with the plain driver ({@link #raw}), to look at what AgentDB stored the
 * way a MongoDB user would.
 */
abstract class MongoDatabaseFixture {
    @RegisterExtension
    static final MongoTestSupport SUPPORT = MongoTestSupport.of("MONGODB");

    /** The test's database URL. */
    protected String url;
    /** AgentDB on {@link #url}. */
    protected AgentDB db;
    /** A plain driver client on {@link #url}. */
    protected MongoClient client;
    /** The test's database through {@link #client}. */
    protected MongoDatabase raw;

    @BeforeEach
    void openDatabase() {
        url = SUPPORT.newDatabaseUrl();
        db = AgentDB.open(url);
        client = MongoClients.create(url);
        raw = client.getDatabase(url.substring(url.lastIndexOf('/') + 1));
    }

    @AfterEach
    void closeDatabase() {
        db.close();
        client.close();
    }
}
