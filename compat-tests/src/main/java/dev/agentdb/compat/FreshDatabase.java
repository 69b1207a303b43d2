package dev.agentdb.compat;

import dev.agentdb.AgentDB;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A database of one's own for a test class, on any backend of the test servers: a new SQLite file in
 * a temporary folder, a new PostgreSQL schema, a new MySQL/MariaDB database or a new MongoDB database,
 * opened before the class and dropped (file deleted) after it. The server comes from {@link TestBackends}
 * ({@code AGENTDB_TEST_<BACKEND>_URL}; without it the class is skipped, and fails under
 * {@code CI=true}). For code above the API (bridges, frameworks, examples) that needs a clean
 * database per class on every backend.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final FreshDatabase DB = FreshDatabase.of("POSTGRES");
 * ... DB.db() ... or DB.url() for code that opens its own ...
 * }</pre>
 */
public final class FreshDatabase implements BeforeAllCallback, AfterAllCallback {
    private final String backend;
    private Path sqliteDir;
    private String isolated;
    private String url;
    private AgentDB db;

    private FreshDatabase(String backend) {
        this.backend = backend.toUpperCase(Locale.ROOT);
    }

    /**
     * @param backend {@code SQLITE} (no server needed), {@code POSTGRES}, {@code MONGODB} (needs the MongoDB
     *                driver on the class path, as the MongoDB adapter brings), {@code D1} (a database created
     *                and deleted through the D1 API, {@link D1Databases}), or a MySQL-family server
     *                name of {@code scripts/backends.sh} such as {@code MARIADB} or {@code MARIADB11}
     * @return the extension; register it with {@code @RegisterExtension} on a static field
     */
    public static FreshDatabase of(String backend) {
        return new FreshDatabase(backend);
    }

    /** @return the backend name given to {@link #of(String)}, upper case */
    public String backend() {
        return backend;
    }

    /**
     * @return the URL of the class's own database (valid from {@code beforeAll} on)
     * @throws IllegalStateException before {@code beforeAll}
     */
    public String url() {
        if (url == null) {
            throw new IllegalStateException("FreshDatabase: no database yet; register it with @RegisterExtension on a static field");
        }
        return url;
    }

    /**
     * @return the class's database, open (valid from {@code beforeAll} until {@code afterAll})
     * @throws IllegalStateException before {@code beforeAll}
     */
    public AgentDB db() {
        if (db == null) {
            throw new IllegalStateException("FreshDatabase: no database yet; register it with @RegisterExtension on a static field");
        }
        return db;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        String name = "fresh_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        switch (backend) {
            case "SQLITE":
                sqliteDir = Files.createTempDirectory("agentdb-fresh");
                url = "sqlite:" + sqliteDir.resolve("test.db");
                break;
            case "POSTGRES":
                String pg = TestBackends.url(backend);
                isolated = name;
                url = pg + (pg.contains("?") ? "&" : "?") + "schema=" + name; // created when missing
                break;
            case "MONGODB": // created by its first write
                isolated = name;
                url = ServerDatabases.withDatabase(TestBackends.url(backend), name);
                break;
            case "D1": // created through the API, which chooses its id
                isolated = D1Databases.create(TestBackends.url(backend), name);
                url = ServerDatabases.withDatabase(TestBackends.url(backend), isolated);
                break;
            default: // MySQL / MariaDB: a new database, created by the driver
                isolated = name;
                url = ServerDatabases.withDatabase(TestBackends.url(backend), name);
                url += (url.contains("?") ? "&" : "?") + "createDatabaseIfNotExist=true";
                break;
        }
        db = AgentDB.open(url);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (db == null) {
            return;
        }
        try {
            if ("POSTGRES".equals(backend)) {
                db.executeRaw("DROP SCHEMA IF EXISTS \"" + isolated + "\" CASCADE"); // a generated name, not input
            } else if ("MONGODB".equals(backend)) {
                MongoDatabases.drop(TestBackends.url(backend), isolated);
            } else if ("D1".equals(backend)) {
                db.close(); // the adapter first, then its database
                D1Databases.delete(TestBackends.url(backend), isolated);
            } else if (isolated != null) {
                db.executeRaw("DROP DATABASE IF EXISTS `" + isolated + "`");
            }
        } finally {
            db.close();
            db = null;
            if (sqliteDir != null) {
                try (Stream<Path> files = Files.walk(sqliteDir)) {
                    for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    /** Drops a MongoDB database with the driver (a class of its own: loaded only for MongoDB). */
    private static final class MongoDatabases {
        static void drop(String serverUrl, String database) {
            try (com.mongodb.client.MongoClient client = com.mongodb.client.MongoClients.create(serverUrl)) {
                client.getDatabase(database).drop();
            }
        }
    }
}
