package dev.agentdb.mysql;

import dev.agentdb.VectorCollection;
import dev.agentdb.compat.AgentDBFixture;
import dev.agentdb.compat.BatchAtomicityContract;
import dev.agentdb.compat.CrudContract;
import dev.agentdb.compat.FilterContract;
import dev.agentdb.compat.InvalidInputContract;
import dev.agentdb.compat.ReadOnlyContract;
import dev.agentdb.compat.Records;
import dev.agentdb.compat.SearchContract;
import dev.agentdb.compat.TransactionContract;
import dev.agentdb.mysql.internal.MysqlUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MySQL Connector/J against MariaDB 11.8 ({@code AGENTDB_TEST_MARIADB11_URL} with its scheme turned
 * into {@code mysql://}): the kit's CRUD, filter, search, invalid-input, batch, transaction and
 * read-only contracts. {@code mariadb://} URLs use MariaDB Connector/J (the kit's
 * {@link Mariadb11CompatibilityIT}); this keeps the driver of {@code mysql://} URLs verified on a real
 * server here, where no MySQL server can be installed (the Testcontainers classes run MySQL itself).
 */
class Mariadb11ConnectorJIT extends AgentDBFixture implements CrudContract, FilterContract, SearchContract, InvalidInputContract,
        BatchAtomicityContract, TransactionContract, ReadOnlyContract {
    @RegisterExtension
    static final MysqlTestSupport SUPPORT = MysqlTestSupport.of("MARIADB11");

    @Override
    protected String newDatabaseUrl() {
        return SUPPORT.newDatabaseUrl().replaceFirst("^mariadb:", "mysql:");
    }

    /** As {@link Mariadb11CompatibilityIT#awaitSearchable}: the kit compares searches of a settled index (a warm graph cache). */
    @Override
    public void awaitSearchable(VectorCollection collection, long expectedCount) {
        Records.searchWholeIndex(collection, expectedCount);
    }

    @Test
    void mysql_urls_use_connector_j() {
        MysqlUrl url = MysqlUrl.parse(newDatabaseUrl());
        assertThat(url.mariadbDriver()).isFalse();
        assertThat(url.driverClassName()).isEqualTo("com.mysql.cj.jdbc.Driver");
        assertThat(db().health().up()).isTrue();
    }
}
