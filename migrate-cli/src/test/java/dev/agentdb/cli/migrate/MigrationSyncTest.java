package dev.agentdb.cli.migrate;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionSpec;
import dev.agentdb.Metric;
import dev.agentdb.VectorRecord;
import dev.agentdb.spi.DatabaseAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The sync engine through its API (SQLite to SQLite): a stop mid-sync leaves committed batches, and a rerun finishes. */
class MigrationSyncTest {
    @TempDir
    Path dir;

    @Test
    void should_stop_after_a_committed_batch_and_finish_when_run_again() {
        String src = "sqlite:" + dir.resolve("s.db");
        try (AgentDB s = AgentDB.open(src); AgentDB t = AgentDB.open("sqlite:" + dir.resolve("t.db"))) {
            DatabaseAdapter source = s.adapter();
            DatabaseAdapter target = t.adapter();
            source.createCollection("docs", CollectionSpec.of(6, Metric.L2));
            source.insertBatch("docs", MigrateFixtures.records("d", 300, 6, 11));
            String fp = Checkpoint.fingerprint(src);
            MigrationOptions copy = new MigrationOptions(null, 50, true, false, false);
            new Migration(source, target, 50).run(MigrationPlan.build(source, target, fp, copy), new Migration.Listener() { });

            for (int i = 0; i < 300; i += 3) { // 100 changed rows
                VectorRecord r = source.get("docs", String.format("d%05d", i)).orElseThrow();
                source.upsert("docs", new VectorRecord(r.id(), r.embedding(), Map.of("changed", true), r.text(), r.timestamp()));
            }
            MigrationOptions sync = new MigrationOptions(null, 10, true, false, false, List.of(), true, true);
            MigrationPlan plan = MigrationPlan.build(source, target, fp, sync);
            assertThat(plan.entries().get(0).action()).isEqualTo(MigrationPlan.Action.SYNC);

            Migration first = new Migration(source, target, 10);
            Migration.Result stopped = first.run(plan, new Migration.Listener() {
                @Override
                public void syncProgress(MigrationPlan.Entry entry, long rowsCompared, Migration.SyncChanges changes) {
                    if (rowsCompared >= 100) {
                        first.requestStop(); // as Ctrl-C would
                    }
                }
            });
            assertThat(stopped.status()).isEqualTo(Migration.Status.INTERRUPTED);
            Migration.CollectionResult partial = stopped.collections().get(0);
            assertThat(partial.complete()).isFalse();
            assertThat(partial.sync().compared()).as("the stop comes at once").isEqualTo(100);
            assertThat(partial.sync().updated()).as("every change found before the stop is written").isEqualTo(34);
            assertThat(MigrateFixtures.scanAll(target, "docs").stream().filter(r -> r.metadata().containsKey("changed")))
                    .hasSize((int) partial.sync().updated());

            Migration.Result finished = new Migration(source, target, 10).run(MigrationPlan.build(source, target, fp, sync),
                    new Migration.Listener() { });
            assertThat(finished.status()).isEqualTo(Migration.Status.COMPLETED);
            Migration.SyncChanges rest = finished.collections().get(0).sync();
            assertThat(rest).isEqualTo(new Migration.SyncChanges(300, 0, 100 - partial.sync().updated(), 0));
            assertThat(MigrateFixtures.scanAll(target, "docs")).isEqualTo(MigrateFixtures.scanAll(source, "docs"));
        }
    }
}
