package dev.agentdb.cli.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentdb.AgentDB;
import dev.agentdb.CollectionSpec;
import dev.agentdb.IndexParams;
import dev.agentdb.Metric;
import dev.agentdb.VectorRecord;
import dev.agentdb.cli.ExitCodes;
import dev.agentdb.cli.testing.Cli;
import dev.agentdb.internal.Json;
import dev.agentdb.spi.DatabaseAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code agentdb migrate --sync}: a completed SQLite-to-PostgreSQL migration brought up to date with a source
 * that changed since (rows added before, among and after the copied ids; rows changed in each field; rows
 * deleted), by writing only the differences; and a live source written by another connection all through its
 * migration, which after its writers stop and one sync equals the target row for row.
 */
class MigrateSyncIT {
    private static final int DIM = 12;

    @TempDir
    Path dir;

    @RegisterExtension
    final FreshPostgresSchemas schemas = new FreshPostgresSchemas();

    @Test
    void should_write_exactly_the_differences_and_nothing_when_the_target_is_up_to_date() throws Exception {
        String target = schemas.create();
        String source = MigrateFixtures.sqliteSource(dir.resolve("changed.db"), "docs",
                new CollectionSpec(DIM, Metric.L2, IndexParams.hnsw(8, 40, 32)), "d", 600, 2);
        Cli.Result first = Cli.run("migrate", "--from", source, "--to", target);
        assertThat(first.exitCode()).as(first.toString()).isZero();

        try (AgentDB db = AgentDB.open(source)) {
            DatabaseAdapter a = db.adapter();
            List<VectorRecord> fresh = new ArrayList<>(MigrateFixtures.records("a", 10, DIM, 5)); // before every copied id
            fresh.addAll(MigrateFixtures.records("d00300x", 5, DIM, 6)); // among them
            fresh.addAll(MigrateFixtures.records("e", 10, DIM, 7)); // after them
            a.insertBatch("docs", fresh);
            List<VectorRecord> rows = MigrateFixtures.scanAll(a, "docs");
            for (int i = 0; i < 10; i++) { // one field changed in each: embedding, metadata, text, timestamp, then two
                VectorRecord r = a.get("docs", String.format("d%05d", 20 + 50 * i)).orElseThrow();
                float[] e = r.embedding().clone();
                Map<String, Object> m = new LinkedHashMap<>(r.metadata());
                switch (i % 4) {
                    case 0 -> e[i] = Math.nextUp(e[i]); // one bit of one component
                    case 1 -> m.put("i", -1L);
                    case 2 -> m.put("added", "key");
                    default -> m.remove("nil");
                }
                a.upsert("docs", new VectorRecord(r.id(), e, m, i < 5 ? "changed text" : r.text(),
                        i < 5 ? r.timestamp() : r.timestamp() + 1));
            }
            for (int i = 0; i < 15; i++) {
                assertThat(a.delete("docs", String.format("d%05d", 7 + 40 * i))).isTrue();
            }
            assertThat(rows).hasSize(625);
        }

        Cli.Result plain = Cli.run("migrate", "--from", source, "--to", target);
        assertThat(plain.exitCode()).as(plain.toString()).isEqualTo(ExitCodes.VALIDATION_FAILED);
        assertThat(plain.out()).contains("'docs': already migrated (600 rows)").contains("counts differ: source 610, target 600")
                .contains("50 row(s) differ (first 10 listed):").contains("id 'a00000': missing on target").contains("Validation FAILED");

        Cli.Result dry = Cli.run("migrate", "--from", source, "--to", target, "--sync", "--dry-run");
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("'docs': --sync would write 25 added, 10 updated, 15 deleted (610 source rows compared).");
        JsonNode wouldSync = Json.mapper().readTree(Cli.run("migrate", "--from", source, "--to", target, "--sync", "--dry-run", "--json").out())
                .path("collections").path(0).path("wouldSync");
        assertThat(List.of(wouldSync.path("added").asLong(), wouldSync.path("updated").asLong(), wouldSync.path("deleted").asLong()))
                .containsExactly(25L, 10L, 15L);
        try (AgentDB t = AgentDB.open(target)) {
            assertThat(t.adapter().count("docs", null)).as("a dry run writes nothing").isEqualTo(600);
        }

        Cli.Result sync = Cli.run("migrate", "--from", source, "--to", target, "--sync", "--batch-size", "7");
        assertThat(sync.exitCode()).as(sync.toString()).isZero();
        assertThat(sync.out()).contains("'docs': synced: 610 source rows compared in ")
                .contains("; 25 added, 10 updated, 15 deleted").contains("'docs': valid: 610 rows").contains("Validation passed.");
        assertSameRows(source, target, "docs");
        try (AgentDB t = AgentDB.open(target)) {
            Checkpoint cp = Checkpoint.read(t.adapter(), "docs").orElseThrow();
            assertThat(cp.complete()).isTrue();
            assertThat(cp.rows()).isEqualTo(610);
            assertThat(t.adapter().collectionSpec("docs")).contains(new CollectionSpec(DIM, Metric.L2, IndexParams.hnsw(8, 40, 32)));
        }

        Cli.Result again = Cli.run("migrate", "--from", source, "--to", target, "--sync", "--json");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        JsonNode docs = Json.mapper().readTree(again.out()).path("collections").path(0);
        assertThat(docs.path("action").asText()).isEqualTo("sync");
        assertThat(docs.path("sync").path("compared").asLong()).isEqualTo(610);
        assertThat(docs.path("sync").path("added").asLong() + docs.path("sync").path("updated").asLong()
                + docs.path("sync").path("deleted").asLong()).as("changes of a second sync").isZero();
        assertThat(docs.path("validation").path("ok").asBoolean()).isTrue();

        // a row written to the target behind the migration's back is found by validation and removed by a sync
        try (AgentDB t = AgentDB.open(target)) {
            t.adapter().insert("docs", MigrateFixtures.records("zz-extra", 1, DIM, 9).get(0));
        }
        Cli.Result drift = Cli.run("migrate", "--from", source, "--to", target);
        assertThat(drift.exitCode()).as(drift.toString()).isEqualTo(ExitCodes.VALIDATION_FAILED);
        assertThat(drift.out()).contains("id 'zz-extra00000': not in source (extra on target)");
        Cli.Result repaired = Cli.run("migrate", "--from", source, "--to", target, "--sync");
        assertThat(repaired.exitCode()).as(repaired.toString()).isZero();
        assertThat(repaired.out()).contains("; 0 added, 0 updated, 1 deleted").contains("Validation passed.");
        assertSameRows(source, target, "docs");
    }

    @Test
    void should_refuse_sync_with_derived_ids_or_overwrite_and_change_nothing() {
        String target = schemas.create();
        String source = MigrateFixtures.sqliteSource(dir.resolve("refused.db"), "docs", CollectionSpec.of(4, Metric.COSINE), "r", 20, 3);
        Cli.Result derived = Cli.run("migrate", "--from", source, "--to", target, "--sync", "--no-preserve-ids");
        assertThat(derived.exitCode()).as(derived.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(derived.err()).contains("--sync needs --preserve-ids");
        Cli.Result overwrite = Cli.run("migrate", "--from", source, "--to", target, "--sync", "--overwrite");
        assertThat(overwrite.exitCode()).as(overwrite.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(overwrite.err()).contains("--sync and --overwrite are mutually exclusive");
        try (AgentDB t = AgentDB.open(target)) {
            assertThat(t.hasCollection("docs")).isFalse();
        }
    }

    @Test
    void should_move_a_source_written_during_its_migration_once_its_writers_stop_and_a_sync_runs() throws Exception {
        String target = schemas.create();
        String source = MigrateFixtures.sqliteSource(dir.resolve("live.db"), "live", CollectionSpec.of(8, Metric.COSINE), "l", 4_000, 4);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong writes = new AtomicLong();
        AtomicLong writesDuringCopy = new AtomicLong(-1);
        Thread writer = new Thread(() -> {
            Random random = new Random(11);
            try (AgentDB db = AgentDB.open(source)) {
                DatabaseAdapter a = db.adapter();
                for (int i = 0; !stop.get(); i++) {
                    long n = i;
                    String existing = String.format("l%05d", random.nextInt(4_000));
                    switch (random.nextInt(3)) {
                        case 0 -> a.upsert("live", MigrateFixtures.records("l" + random.nextInt(4_000) + "w" + n, 1, 8, n).get(0));
                        case 1 -> a.get("live", existing).ifPresent(r -> a.upsert("live",
                                new VectorRecord(r.id(), r.embedding(), Map.of("rewritten", n), r.text(), r.timestamp())));
                        default -> a.delete("live", existing);
                    }
                    writes.incrementAndGet();
                }
            }
        }, "source-writer");
        writer.start();
        try {
            while (writes.get() < 20) { // the source is live before the migration starts
                Thread.sleep(1);
            }
            long before = writes.get();
            Cli.Result live = Cli.run("migrate", "--from", source, "--to", target, "--batch-size", "50", "--no-validate");
            writesDuringCopy.set(writes.get() - before);
            assertThat(live.exitCode()).as(live.toString()).isZero();
        } finally {
            stop.set(true);
            writer.join();
        }
        System.err.printf("[sync] %,d writes to the source during its migration%n", writesDuringCopy.get());
        assertThat(writesDuringCopy.get()).as("writes to the source while it was migrated").isPositive();

        Cli.Result sync = Cli.run("migrate", "--from", source, "--to", target, "--sync");
        assertThat(sync.exitCode()).as(sync.toString()).isZero();
        assertThat(sync.out()).contains("'live': synced: ").doesNotContain("the target was up to date").contains("Validation passed.");
        assertSameRows(source, target, "live");
    }

    private static void assertSameRows(String source, String target, String collection) {
        try (AgentDB s = AgentDB.open(source); AgentDB t = AgentDB.open(target)) {
            List<VectorRecord> expected = MigrateFixtures.scanAll(s.adapter(), collection);
            assertThat(MigrateFixtures.scanAll(t.adapter(), collection)).hasSize(expected.size()).isEqualTo(expected);
        }
    }
}
