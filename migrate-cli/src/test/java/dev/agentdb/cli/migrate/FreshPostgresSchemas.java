package dev.agentdb.cli.migrate;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;

/**
 * Hands a test fresh PostgreSQL schemas ({@link MigrateFixtures#freshPostgres()}) and drops them after it; register
 * with {@code @RegisterExtension}.
 */
final class FreshPostgresSchemas implements AfterEachCallback {
    private final List<String> urls = new ArrayList<>();

    /** @return the URL of a new schema on the test server (skips the test without the server) */
    String create() {
        String url = MigrateFixtures.freshPostgres();
        urls.add(url);
        return url;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        urls.forEach(MigrateFixtures::dropTarget);
        urls.clear();
    }
}
