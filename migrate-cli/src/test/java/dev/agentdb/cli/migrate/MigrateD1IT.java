package dev.agentdb.cli.migrate;

import dev.agentdb.AgentDB;
import dev.agentdb.cli.testing.Cli;
import dev.agentdb.sharding.ShardedAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code agentdb migrate} SQLite to Cloudflare D1 sharded over three databases (the emulator of
 * {@code AGENTDB_TEST_D1_URL}: a target without transactions, so batches are upserted and then checkpointed),
 * D1 to PostgreSQL ({@code AGENTDB_TEST_POSTGRES_URL}) and PostgreSQL back to SQLite: every row, spec, checksum and
 * exact search equal at each step; the rows spread over the three D1 databases. The D1 databases and the
 * PostgreSQL schema are fresh ones, deleted afterwards. (Kills and {@code --resume} into D1: {@link MigrateCrashResumeIT}.)
 */
class MigrateD1IT {
    @TempDir
    Path dir;

    private String d1;
    private String d1Four;
    private String postgres;

    @AfterEach
    void drop() {
        MigrateFixtures.dropTarget(d1);
        MigrateFixtures.dropTarget(d1Four);
        MigrateFixtures.dropTarget(postgres);
    }

    @Test
    void should_round_trip_sqlite_to_three_d1_shards_to_postgres_to_sqlite_exactly() {
        String src = MigrateFixtures.mixedSource(dir.resolve("source.db"));
        d1 = MigrateFixtures.freshD1(3);
        postgres = MigrateFixtures.freshPostgres();
        String back = "sqlite:" + dir.resolve("back.db");

        Cli.Result there = MigrateFixtures.migrateExactly(src, src, d1, 100, "'docs': 452 row(s) copied");
        assertThat(there.err()).contains("the target has no transactions");
        try (AgentDB db = AgentDB.open(d1)) {
            ShardedAdapter sharded = (ShardedAdapter) db.adapter();
            assertThat(sharded.shards()).hasSize(3);
            for (var shard : sharded.shards()) {
                assertThat(shard.count("docs", null)).as("each D1 database holds a share of 'docs'").isBetween(100L, 210L);
            }
        }
        MigrateFixtures.migrateExactly(src, d1, postgres, 128, "'docs': 452 row(s) copied");
        MigrateFixtures.migrateExactly(src, postgres, back, 64, "valid: 452 rows");
    }

    /**
     * Adding a database to a sharded D1 database is a migration into a new set (rows are placed by the set): three
     * databases to four, exact; the old set still opens as it was, and a URL mixing old and new databases is refused.
     */
    @Test
    void should_add_a_shard_by_migrating_three_d1_databases_into_four() {
        String src = MigrateFixtures.mixedSource(dir.resolve("source.db"));
        d1 = MigrateFixtures.freshD1(3);
        d1Four = MigrateFixtures.freshD1(4);
        MigrateFixtures.migrateExactly(src, src, d1, 200, "'docs': 452 row(s) copied");
        MigrateFixtures.migrateExactly(src, d1, d1Four, 200, "'docs': 452 row(s) copied");
        try (AgentDB four = AgentDB.open(d1Four)) {
            assertThat(((ShardedAdapter) four.adapter()).shards()).hasSize(4);
            for (var shard : ((ShardedAdapter) four.adapter()).shards()) {
                assertThat(shard.count("docs", null)).as("each of the four holds a share").isBetween(60L, 180L);
            }
        }
        String oldFirst = d1.substring(0, d1.indexOf('?')).replaceAll(",.*$", "");
        String newSet = d1Four.substring(0, d1Four.indexOf('?'));
        String mixed = newSet + "," + oldFirst.substring(oldFirst.lastIndexOf('/') + 1) + d1Four.substring(d1Four.indexOf('?'));
        Cli.Result refused = Cli.run("stats", "--db", mixed);
        assertThat(refused.exitCode()).as(refused.toString()).isNotZero();
        assertThat(refused.err()).contains("belongs to the shard set");
        MigrateFixtures.assertSameData(src, d1, "vectors", "docs", "dots");
    }
}
