package dev.agentdb.postgres;

import dev.agentdb.compat.crash.CrashCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process writing to PostgreSQL is killed with SIGKILL {@value #KILLS} times (the soak command
 * {@code dev.agentdb.benchmarks.CrashSoak} does more); after each kill {@link CrashCheck}'s checks
 * pass: whole batches only, every record readable, the pgvector index consistent with the rows,
 * writing continues.
 */
class PostgresCrashIT {
    static final int KILLS = 25;

    @RegisterExtension
    static final PostgresTestSupport SUPPORT = new PostgresTestSupport();

    @Test
    void should_keep_whole_batches_and_a_consistent_index_when_a_writer_is_killed() throws Exception {
        CrashCheck.Report report = CrashCheck.run(SUPPORT.newSchemaUrl(), "crash", KILLS, 20261206L, null);
        System.out.println("[postgres crash] " + report);
        assertThat(report.kills).isEqualTo(KILLS);
        assertThat(report.killsDuring.keySet()).as("kills landed in writes of several kinds").hasSizeGreaterThanOrEqualTo(3);
    }
}
