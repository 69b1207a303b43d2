package dev.agentdb.mysql;

import dev.agentdb.compat.crash.CrashCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process writing to MariaDB 11.8 ({@code AGENTDB_TEST_MARIADB11_URL}) is killed with SIGKILL
 * {@value #KILLS} times (the soak command {@code dev.agentdb.benchmarks.CrashSoak} does more); after
 * each kill {@link CrashCheck}'s checks pass: whole batches only, every record readable, the
 * in-house index (its graph in the database's tables) consistent with the rows, writing continues.
 */
class Mariadb11CrashIT {
    static final int KILLS = 25;

    @RegisterExtension
    static final MysqlTestSupport SUPPORT = MysqlTestSupport.of("MARIADB11");

    @Test
    void should_keep_whole_batches_and_a_consistent_index_when_a_writer_is_killed() throws Exception {
        String url = SUPPORT.newDatabaseUrl();
        // the in-house index, whose graph commits with the rows: MariaDB's own index can leave a node
        // unreachable without any crash (see the README), which the check's self-searches would report
        try (dev.agentdb.AgentDB db = dev.agentdb.AgentDB.open(dev.agentdb.AgentDBConfig.builder(url)
                .property(MysqlAdapter.VECTOR_INDEX_PROPERTY, "in-house").build())) {
            db.createCollection("crash", dev.agentdb.CollectionSpec.of(dev.agentdb.compat.crash.CrashWorkload.DIMENSION,
                    dev.agentdb.Metric.L2));
        }
        CrashCheck.Report report = CrashCheck.run(url, "crash", KILLS, 20261206L, null);
        System.out.println("[mariadb11 crash] " + report);
        assertThat(report.kills).isEqualTo(KILLS);
        assertThat(report.killsDuring.keySet()).as("kills landed in writes of several kinds").hasSizeGreaterThanOrEqualTo(3);
    }
}
