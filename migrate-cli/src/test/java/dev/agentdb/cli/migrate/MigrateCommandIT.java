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

import static org.assertj.core.api.Assertions.assertThat;

/** {@code agentdb migrate} end to end on real databases: embedded SQLite files and the PostgreSQL test server. */
class MigrateCommandIT {
    @TempDir
    Path dir;

    @RegisterExtension
    final FreshPostgresSchemas schemas = new FreshPostgresSchemas();

    /** @return {@link MigrateFixtures#mixedSource} in this test's folder */
    private String source() {
        return MigrateFixtures.mixedSource(dir.resolve("source.db"));
    }

    private static JsonNode json(Cli.Result r) throws Exception {
        return Json.mapper().readTree(r.out());
    }

    private static void assertSameData(String a, String b, String... collections) {
        MigrateFixtures.assertSameData(a, b, collections);
    }

    @Test
    void should_round_trip_sqlite_to_postgres_to_sqlite_with_equal_rows_checksums_and_searches() throws Exception {
        String src = source();
        String pg = schemas.create();
        String back = "sqlite:" + dir.resolve("back.db");

        Cli.Result there = Cli.run("migrate", "--from", src, "--to", pg, "--batch-size", "100", "--json");
        assertThat(there.exitCode()).as(there.toString()).isZero();
        JsonNode report = json(there);
        assertThat(report.get("status").asText()).isEqualTo("completed");
        assertThat(report.get("transactional").asBoolean()).isTrue();
        assertThat(report.get("total").get("rowsCopied").asLong()).isEqualTo(300 + 452 + 120);
        for (JsonNode c : report.get("collections")) {
            assertThat(c.get("validation").get("ok").asBoolean()).as(c.toString()).isTrue();
            assertThat(c.get("validation").get("sourceChecksum").asText()).isEqualTo(c.get("validation").get("targetChecksum").asText());
            assertThat(c.get("validation").get("meanOverlap").asDouble()).isGreaterThanOrEqualTo(0.99);
        }
        assertSameData(src, pg, "vectors", "docs", "dots");

        assertThat(there.err()).contains("migrate 'docs': building the hnsw(m=8, efConstruction=40, efSearch=32) index over 452 rows")
                .doesNotContain("migrate 'dots': building");
        for (JsonNode c : report.get("collections")) {
            assertThat(c.get("indexSeconds").asDouble() > 0).as(c.toString()).isEqualTo(!c.get("name").asText().equals("dots"));
        }

        Cli.Result home = Cli.run("migrate", "--from", pg, "--to", back, "--batch-size", "64");
        assertThat(home.exitCode()).as(home.toString()).isZero();
        assertThat(home.out()).contains("'docs': 452 row(s) copied").contains(", then the index built in ");
        assertThat(home.out()).contains("'docs': 452 row(s) copied").contains("valid: 452 rows").contains("Validation passed.");
        assertSameData(src, back, "vectors", "docs", "dots");

        try (AgentDB p = AgentDB.open(pg)) {
            Checkpoint cp = Checkpoint.read(p.adapter(), "docs").orElseThrow();
            assertThat(cp.complete()).isTrue();
            assertThat(cp.rows()).isEqualTo(452);
            assertThat(cp.source()).isEqualTo(Checkpoint.fingerprint(src));
        }
        Cli.Result dryAgain = Cli.run("migrate", "--from", src, "--to", pg, "--dry-run");
        assertThat(dryAgain.exitCode()).as(dryAgain.toString()).isZero();
        assertThat(dryAgain.out()).contains("already migrated").contains("Would copy 0 row(s) in 0 collection(s).");
        Cli.Result again = Cli.run("migrate", "--from", src, "--to", pg);
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("'docs': already migrated (452 rows)").contains("Validation passed.");
    }

    @Test
    void should_change_nothing_on_a_dry_run() throws Exception {
        String src = source();
        String pg = schemas.create();
        Cli.Result dry = Cli.run("migrate", "--from", src, "--to", pg, "--dry-run");
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("Dry run: nothing was changed").contains("docs").contains("create")
                .contains("Would copy 872 row(s) in 3 collection(s).");
        try (AgentDB p = AgentDB.open(pg)) {
            assertThat(p.listCollections()).allSatisfy(c -> assertThat(c.name()).isEqualTo("vectors"));
            if (p.hasCollection("vectors")) {
                assertThat(p.adapter().count("vectors", null)).isZero();
            }
        }
        Path file = dir.resolve("new.db");
        Cli.Result drySqlite = Cli.run("migrate", "--from", src, "--to", "sqlite:" + file, "--dry-run", "--json");
        assertThat(drySqlite.exitCode()).as(drySqlite.toString()).isZero();
        assertThat(json(drySqlite).get("total").get("rowsToCopy").asLong()).isEqualTo(872);
        assertThat(file).doesNotExist();
    }

    @Test
    void should_refuse_target_rows_without_resume_or_overwrite_and_resume_an_interrupted_migration() throws Exception {
        String src = source();
        String target = "sqlite:" + dir.resolve("target.db");
        // an interrupted migration: stop after the first committed batch of 'docs'
        try (AgentDB s = AgentDB.open(src); AgentDB t = AgentDB.open(target)) {
            MigrationOptions o = new MigrationOptions(List.of("docs"), 50, true, false, false);
            MigrationPlan plan = MigrationPlan.build(s.adapter(), t.adapter(), Checkpoint.fingerprint(src), o);
            Migration m = new Migration(s.adapter(), t.adapter(), 50);
            Migration.Result r = m.run(plan, new Migration.Listener() {
                @Override
                public void batchCommitted(MigrationPlan.Entry entry, long rowsDone) {
                    m.requestStop();
                }
            });
            assertThat(r.status()).isEqualTo(Migration.Status.INTERRUPTED);
            assertThat(t.adapter().count("docs", null)).isEqualTo(50);
        }
        Cli.Result refused = Cli.run("migrate", "--from", src, "--to", target, "--collections", "docs");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err()).contains("interrupted migration").contains("--resume").contains("--overwrite")
                .contains("The target was not changed.");

        Cli.Result resumed = Cli.run("migrate", "--from", src, "--to", target, "--collections", "docs", "--resume",
                "--batch-size", "50");
        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(resumed.out()).contains("402 row(s) copied (resumed; 452 in total)").contains("Validation passed.");
        assertSameData(src, target, "docs");

        // rows without a checkpoint: refused unless --overwrite
        String other = "sqlite:" + dir.resolve("other.db");
        try (AgentDB t = AgentDB.open(other)) {
            t.createCollection("dots", new CollectionSpec(4, Metric.INNER_PRODUCT, IndexParams.flat()))
                    .insert(VectorRecord.of("stranger", new float[] {1, 2, 3, 4}, Map.of()));
        }
        Cli.Result noCheckpoint = Cli.run("migrate", "--from", src, "--to", other, "--collections", "dots", "--resume");
        assertThat(noCheckpoint.exitCode()).as(noCheckpoint.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(noCheckpoint.err()).contains("already holds 1 rows and no migration checkpoint").contains("--overwrite");
        Cli.Result overwritten = Cli.run("migrate", "--from", src, "--to", other, "--collections", "dots", "--overwrite");
        assertThat(overwritten.exitCode()).as(overwritten.toString()).isZero();
        assertSameData(src, other, "dots");
        try (AgentDB t = AgentDB.open(other)) {
            assertThat(t.adapter().get("dots", "stranger")).isEmpty();
        }
    }

    @Test
    void should_fail_validation_naming_a_tampered_target_row() throws Exception {
        String src = source();
        String pg = schemas.create();
        Cli.Result first = Cli.run("migrate", "--from", src, "--to", pg);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        try (AgentDB t = AgentDB.open(pg)) {
            VectorRecord r = t.collection("docs").get("d00007").orElseThrow();
            Map<String, Object> m = new LinkedHashMap<>(r.metadata());
            m.put("s", "tampered");
            t.collection("docs").upsert(new VectorRecord(r.id(), r.embedding(), m, r.text(), r.timestamp()));
        }
        Cli.Result check = Cli.run("migrate", "--from", src, "--to", pg, "--collections", "docs");
        assertThat(check.exitCode()).as(check.toString()).isEqualTo(ExitCodes.VALIDATION_FAILED);
        assertThat(check.out()).contains("already migrated").contains("'docs': INVALID").contains("1 row(s) differ")
                .contains("id 'd00007': metadata.s differs (source \"row \\\"7\\\" é 漢字 😀\", target \"tampered\")").contains("tampered").contains("Validation FAILED");

        Cli.Result js = Cli.run("migrate", "--from", src, "--to", pg, "--collections", "docs", "--json");
        assertThat(js.exitCode()).isEqualTo(ExitCodes.VALIDATION_FAILED);
        JsonNode v = json(js).get("collections").get(0).get("validation");
        assertThat(v.get("ok").asBoolean()).isFalse();
        assertThat(v.get("mismatches").get(0).get("id").asText()).isEqualTo("d00007");
    }

    @Test
    void should_skip_an_empty_default_collection_without_dimension_with_a_note() throws Exception {
        String src = "sqlite:" + dir.resolve("fresh.db");
        try (AgentDB db = AgentDB.open(src)) {
            db.defaultCollection();
            db.createCollection("docs", CollectionSpec.of(3, Metric.COSINE)).insert(VectorRecord.of("a", new float[] {1, 2, 3}, Map.of("k", 1L)));
        }
        String target = "sqlite:" + dir.resolve("fresh-target.db");
        Cli.Result r = Cli.run("migrate", "--from", src, "--to", target, "--json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("note: the source's default collection 'vectors' is empty and has no dimension yet: skipped");
        JsonNode report = json(r);
        assertThat(report.get("collections").findValuesAsText("action")).contains("skip", "create");
        assertSameData(src, target, "docs");
    }

    @Test
    void should_report_bad_inputs_with_their_exit_codes() throws Exception {
        String src = source();
        Path missing = dir.resolve("missing.db");
        Cli.Result noFile = Cli.run("migrate", "--from", "sqlite:" + missing, "--to", "sqlite:" + dir.resolve("t.db"));
        assertThat(noFile.exitCode()).as(noFile.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(noFile.err()).contains("no such file");
        assertThat(missing).doesNotExist();
        assertThat(dir.resolve("t.db")).doesNotExist();

        Cli.Result malformed = Cli.run("migrate", "--from", "not a url", "--to", "sqlite:" + dir.resolve("t.db"));
        assertThat(malformed.exitCode()).as(malformed.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(malformed.err()).contains("--from");

        Cli.Result unknown = Cli.run("migrate", "--from", src, "--to", "sqlite:" + dir.resolve("u.db"), "--collections", "nope");
        assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("collection 'nope' does not exist in the source");

        String target = "sqlite:" + dir.resolve("mismatch.db");
        try (AgentDB t = AgentDB.open(target)) {
            t.createCollection("docs", CollectionSpec.of(3, Metric.L2));
        }
        Cli.Result mismatch = Cli.run("migrate", "--from", src, "--to", target);
        assertThat(mismatch.exitCode()).as(mismatch.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(mismatch.err()).contains("target collection 'docs' already exists with dimension 3").contains("dimension 12");
        try (AgentDB t = AgentDB.open(target)) {
            assertThat(t.listCollections()).extracting(c -> c.name()).doesNotContain("dots");
            assertThat(t.adapter().collectionSpec("docs").orElseThrow().dimension()).isEqualTo(3);
            assertThat(t.adapter().count("docs", null)).isZero();
            assertThat(Checkpoint.read(t.adapter(), "docs")).isEmpty();
        }

        Cli.Result unreachable = Cli.run("migrate", "--from", src, "--to", "postgresql://postgres@127.0.0.1:1/x");
        assertThat(unreachable.exitCode()).as(unreachable.toString()).isEqualTo(ExitCodes.BACKEND_UNAVAILABLE);
        assertThat(unreachable.err()).contains("cannot open the target");

        Cli.Result both = Cli.run("migrate", "--from", src, "--to", target, "--resume", "--overwrite");
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
        Cli.Result help = Cli.run("migrate", "--help");
        assertThat(help.out()).contains("--resume").contains("--overwrite").contains("preserve-ids")
                .contains("interrupted (Ctrl-C, SIGTERM)").contains("backend unavailable: the source or the target")
                .contains("validation failed: counts");
    }

    @Test
    void should_create_target_collections_with_the_index_params_override_shown_in_the_dry_run_and_report() throws Exception {
        String src = source();
        String pg = schemas.create();
        String[] override = {"--index-params", "docs=ivfflat:lists=20", "--index-params", "HNSW:M=12"};
        Cli.Result dry = Cli.run(concat(new String[] {"migrate", "--from", src, "--to", pg, "--dry-run", "--json"}, override));
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        JsonNode plan = json(dry);
        assertThat(plan.get("indexParams").toString()).isEqualTo("[\"docs=ivfflat:lists=20\",\"hnsw:m=12\"]");
        Map<String, String> indexes = new LinkedHashMap<>();
        plan.get("collections").forEach(c -> indexes.put(c.get("name").asText(), c.get("index").asText()));
        assertThat(indexes).containsOnly(Map.entry("vectors", "hnsw(m=12, efConstruction=100, efSearch=64)"),
                Map.entry("docs", "ivfflat(lists=20, probes=10)"), Map.entry("dots", "hnsw(m=12, efConstruction=100, efSearch=64)"));
        Cli.Result dryText = Cli.run(concat(new String[] {"migrate", "--from", src, "--to", pg, "--dry-run"}, override));
        assertThat(dryText.out()).contains("Indexes: --index-params docs=ivfflat:lists=20 hnsw:m=12.")
                .contains("12d l2 ivfflat(lists=20, probes=10)").contains("8d cosine hnsw(m=12, efConstruction=100, efSearch=64)");

        Cli.Result run = Cli.run(concat(new String[] {"migrate", "--from", src, "--to", pg, "--batch-size", "200"}, override));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Validation passed.");
        try (AgentDB s = AgentDB.open(src); AgentDB t = AgentDB.open(pg)) {
            assertThat(t.adapter().collectionSpec("docs")).contains(new CollectionSpec(12, Metric.L2, IndexParams.ivfflat(20, 10)));
            assertThat(t.adapter().collectionSpec("vectors")).contains(new CollectionSpec(8, Metric.COSINE, IndexParams.hnsw(12, 100, 64)));
            assertThat(t.adapter().collectionSpec("dots")).contains(new CollectionSpec(4, Metric.INNER_PRODUCT, IndexParams.hnsw(12, 100, 64)));
            for (String c : List.of("vectors", "docs", "dots")) {
                assertThat(MigrateFixtures.scanAll(t.adapter(), c)).as(c).isEqualTo(MigrateFixtures.scanAll(s.adapter(), c));
            }
        }
        // the existing target collection has the overridden index: another override conflicts, the same one is compatible
        Cli.Result other = Cli.run("migrate", "--from", src, "--to", pg, "--collections", "docs", "--index-params", "hnsw");
        assertThat(other.exitCode()).as(other.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(other.err()).contains("target collection 'docs' already exists with dimension 12, metric l2, index ivfflat(lists=20, probes=10)"
                + " but the migration needs dimension 12, metric l2, index hnsw(m=8, efConstruction=40, efSearch=32) (with --index-params)");
        Cli.Result same = Cli.run("migrate", "--from", src, "--to", pg, "--collections", "docs", "--index-params", "docs=ivfflat:lists=20");
        assertThat(same.exitCode()).as(same.toString()).isZero();
        assertThat(same.out()).contains("'docs': already migrated (452 rows)").contains("Validation passed.");
    }

    @Test
    void should_refuse_invalid_or_unsupported_index_params_with_exit_2_naming_the_option_and_leave_the_target_unchanged() throws Exception {
        String src = source();
        Path file = dir.resolve("ivf.db");
        String target = "sqlite:" + file;
        Cli.Result dry = Cli.run("migrate", "--from", src, "--to", target, "--index-params", "ivfflat", "--dry-run");
        assertThat(dry.exitCode()).as(dry.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(dry.err()).contains("--index-params ivfflat asks for an IVFFLAT index on 'docs', but the target backend has no"
                + " IVFFLAT indexes (capability IVFFLAT_INDEX)");
        assertThat(file).doesNotExist();

        Cli.Result ivf = Cli.run("migrate", "--from", src, "--to", target, "--index-params", "docs=ivfflat:lists=10");
        assertThat(ivf.exitCode()).as(ivf.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(ivf.err()).contains("--index-params docs=ivfflat:lists=10 asks for an IVFFLAT index on 'docs'")
                .contains("The target was not changed.");

        Cli.Result combination = Cli.run("migrate", "--from", src, "--to", target, "--collections", "docs", "--index-params", "hnsw:m=50");
        assertThat(combination.exitCode()).as(combination.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(combination.err()).contains("--index-params hnsw:m=50 gives collection 'docs' (source index hnsw(m=8, efConstruction=40,"
                + " efSearch=32)) an invalid index: index.efConstruction: must be between m (50) and 100000, was 40");

        Cli.Result range = Cli.run("migrate", "--from", src, "--to", target, "--index-params", "hnsw:efSearch=0");
        assertThat(range.exitCode()).as(range.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(range.err()).contains("'--index-params'").contains("index.efSearch: must be between 1 and 100000, was 0");
        Cli.Result key = Cli.run("migrate", "--from", src, "--to", target, "--index-params", "hnsw:probes=3");
        assertThat(key.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(key.err()).contains("'--index-params'").contains("unknown key 'probes' for hnsw");
        Cli.Result name = Cli.run("migrate", "--from", src, "--to", target, "--collections", "docs", "--index-params", "dots=flat");
        assertThat(name.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(name.err()).contains("--index-params dots=flat: this run does not migrate a collection 'dots' (it migrates: docs)");
        Cli.Result exclusive = Cli.run("migrate", "--from", src, "--to", target, "--index-params", "flat", "--no-create-indexes");
        assertThat(exclusive.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(exclusive.err()).contains("--index-params and --no-create-indexes are mutually exclusive");
        Cli.Result twice = Cli.run("migrate", "--from", src, "--to", target, "--index-params", "flat", "--index-params", "hnsw");
        assertThat(twice.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(twice.err()).contains("--index-params is given twice for every collection");

        try (AgentDB t = AgentDB.open(target)) {
            assertThat(t.listCollections()).extracting(c -> c.name()).doesNotContain("docs", "dots");
            assertThat(Checkpoint.read(t.adapter(), "docs")).isEmpty();
        }
    }

    @Test
    void should_write_derived_ids_with_no_preserve_ids_validate_them_and_name_tampered_rows_by_source_id() throws Exception {
        String src = source();
        String pg = schemas.create();
        Cli.Result r = Cli.run("migrate", "--from", src, "--to", pg, "--no-preserve-ids", "--batch-size", "100", "--json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode report = json(r);
        assertThat(report.get("preserveIds").asBoolean()).isFalse();
        for (JsonNode c : report.get("collections")) {
            JsonNode v = c.get("validation");
            assertThat(v.get("ok").asBoolean()).as(c.toString()).isTrue();
            assertThat(v.get("sourceChecksum").asText()).hasSize(64).isEqualTo(v.get("targetChecksum").asText());
            assertThat(v.get("meanOverlap").asDouble()).isGreaterThanOrEqualTo(0.99);
        }
        String fp = Checkpoint.fingerprint(src);
        try (AgentDB s = AgentDB.open(src); AgentDB t = AgentDB.open(pg)) {
            for (String c : List.of("vectors", "docs", "dots")) {
                List<VectorRecord> expected = new ArrayList<>();
                for (VectorRecord x : MigrateFixtures.scanAll(s.adapter(), c)) {
                    expected.add(x.withId(DerivedIds.of(fp, c, x.id())));
                }
                assertThat(MigrateFixtures.scanAll(t.adapter(), c)).as(c).containsExactlyInAnyOrderElementsOf(expected);
                Checkpoint cp = Checkpoint.read(t.adapter(), c).orElseThrow();
                assertThat(cp.preserveIds()).isFalse();
                assertThat(cp.complete()).isTrue();
                assertThat(cp.rows()).isEqualTo(expected.size());
            }
            String tampered = DerivedIds.of(fp, "docs", "d00007");
            VectorRecord row = t.adapter().get("docs", tampered).orElseThrow();
            Map<String, Object> m = new LinkedHashMap<>(row.metadata());
            m.put("s", "tampered");
            t.adapter().upsert("docs", new VectorRecord(tampered, row.embedding(), m, row.text(), row.timestamp()));
            assertThat(t.adapter().delete("docs", DerivedIds.of(fp, "docs", "d00042"))).isTrue();
        }
        Cli.Result check = Cli.run("migrate", "--from", src, "--to", pg, "--collections", "docs", "--no-preserve-ids");
        assertThat(check.exitCode()).as(check.toString()).isEqualTo(ExitCodes.VALIDATION_FAILED);
        assertThat(check.out()).contains("'docs': INVALID").contains("counts differ: source 452, target 451").contains("2 row(s) differ:")
                .contains("id 'd00007' (target id '" + DerivedIds.of(fp, "docs", "d00007") + "'): metadata.s differs (source \"row \\\"7\\\" é 漢字 😀\", target \"tampered\")")
                .contains("id 'd00042' (target id '" + DerivedIds.of(fp, "docs", "d00042") + "'): missing on target");
        JsonNode v = json(Cli.run("migrate", "--from", src, "--to", pg, "--collections", "docs", "--no-preserve-ids", "--json"))
                .get("collections").get(0).get("validation");
        assertThat(v.get("mismatches").get(0).get("id").asText()).isEqualTo("d00007");
        assertThat(v.get("mismatches").get(0).get("targetId").asText()).isEqualTo(DerivedIds.of(fp, "docs", "d00007"));

        Cli.Result otherMode = Cli.run("migrate", "--from", src, "--to", pg, "--collections", "docs");
        assertThat(otherMode.exitCode()).as(otherMode.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(otherMode.err()).contains("target collection 'docs' holds rows migrated with --no-preserve-ids but this run has"
                + " --preserve-ids").contains("The target was not changed.");
    }

    @Test
    void should_resume_an_interrupted_no_preserve_ids_migration_without_duplicates_and_refuse_the_other_mode() throws Exception {
        String src = source();
        String pg = schemas.create();
        try (AgentDB s = AgentDB.open(src); AgentDB t = AgentDB.open(pg)) {
            MigrationOptions o = new MigrationOptions(List.of("docs"), 50, true, false, false, List.of(), false, false);
            MigrationPlan plan = MigrationPlan.build(s.adapter(), t.adapter(), Checkpoint.fingerprint(src), o);
            Migration m = new Migration(s.adapter(), t.adapter(), 50);
            Migration.Result r = m.run(plan, new Migration.Listener() {
                @Override
                public void batchCommitted(MigrationPlan.Entry entry, long rowsDone) {
                    if (rowsDone == 100) {
                        m.requestStop();
                    }
                }
            });
            assertThat(r.status()).isEqualTo(Migration.Status.INTERRUPTED);
            assertThat(t.adapter().count("docs", null)).isEqualTo(100);
            Checkpoint cp = Checkpoint.read(t.adapter(), "docs").orElseThrow();
            assertThat(cp.lastId()).isEqualTo("d00099"); // the SOURCE id
            assertThat(cp.preserveIds()).isFalse();
        }
        Cli.Result otherMode = Cli.run("migrate", "--from", src, "--to", pg, "--collections", "docs", "--resume");
        assertThat(otherMode.exitCode()).as(otherMode.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(otherMode.err()).contains("holds rows migrated with --no-preserve-ids but this run has --preserve-ids; repeat"
                + " --no-preserve-ids to continue");
        Cli.Result resumed = Cli.run("migrate", "--from", src, "--to", pg, "--collections", "docs", "--resume", "--no-preserve-ids",
                "--batch-size", "64");
        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(resumed.out()).contains("352 row(s) copied (resumed; 452 in total)").contains("Validation passed.");
        String fp = Checkpoint.fingerprint(src);
        try (AgentDB s = AgentDB.open(src); AgentDB t = AgentDB.open(pg)) {
            assertThat(t.adapter().count("docs", null)).isEqualTo(452);
            assertThat(MigrateFixtures.scanAll(t.adapter(), "docs")).extracting(VectorRecord::id).containsExactlyInAnyOrderElementsOf(
                    MigrateFixtures.scanAll(s.adapter(), "docs").stream().map(x -> DerivedIds.of(fp, "docs", x.id())).toList());
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void should_build_the_deferred_index_on_resume_when_the_run_died_after_copying_every_row() throws Exception {
        String src = source();
        String pg = schemas.create();
        IndexParams docsIndex = IndexParams.hnsw(8, 40, 32);
        try (AgentDB s = AgentDB.open(src); AgentDB t = AgentDB.open(pg)) {
            MigrationPlan plan = MigrationPlan.build(s.adapter(), t.adapter(), Checkpoint.fingerprint(src),
                    new MigrationOptions(List.of("docs"), 100, true, false, false));
            Migration.Listener dies = new Migration.Listener() {
                @Override
                public void indexing(MigrationPlan.Entry entry, long rows) {
                    throw new IllegalStateException("simulated crash before the index build");
                }
            };
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Migration(s.adapter(), t.adapter(), 100).run(plan, dies))
                    .hasMessageContaining("simulated crash");
            // every row is in, the collection still FLAT, the checkpoint incomplete and naming the index to build
            assertThat(t.adapter().count("docs", null)).isEqualTo(452);
            assertThat(t.adapter().collectionSpec("docs").orElseThrow().index()).isEqualTo(IndexParams.flat());
            Checkpoint cp = Checkpoint.read(t.adapter(), "docs").orElseThrow();
            assertThat(cp.complete()).isFalse();
            assertThat(cp.rows()).isEqualTo(452);
            assertThat(cp.deferredIndex()).isEqualTo(docsIndex);
        }

        Cli.Result plain = Cli.run("migrate", "--from", src, "--to", pg, "--collections", "docs");
        assertThat(plain.exitCode()).as(plain.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(plain.err()).contains("interrupted migration").contains("--resume");
        Cli.Result otherIndex = Cli.run("migrate", "--from", src, "--to", pg, "--collections", "docs", "--resume",
                "--index-params", "hnsw:m=12");
        assertThat(otherIndex.exitCode()).as(otherIndex.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(otherIndex.err()).contains("will build hnsw(m=8, efConstruction=40, efSearch=32)");

        Cli.Result resumed = Cli.run("migrate", "--from", src, "--to", pg, "--collections", "docs", "--resume");
        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(resumed.out()).contains("'docs': 0 row(s) copied (resumed; 452 in total)").contains(", then the index built in ")
                .contains("Validation passed.");
        try (AgentDB t = AgentDB.open(pg)) {
            assertThat(t.adapter().collectionSpec("docs").orElseThrow().index()).isEqualTo(docsIndex);
            Checkpoint cp = Checkpoint.read(t.adapter(), "docs").orElseThrow();
            assertThat(cp.complete()).isTrue();
            assertThat(cp.deferredIndex()).isNull();
        }
        assertSameData(src, pg, "docs");
    }

    @Test
    void should_continue_a_checkpoint_written_by_an_earlier_version_in_the_engine_store() throws Exception {
        String src = source();
        String pg = schemas.create();
        try (AgentDB s = AgentDB.open(src); AgentDB t = AgentDB.open(pg)) {
            // what version 0.1 left behind: the collection with its final index, 200 rows, the checkpoint under migrate/dots
            t.adapter().createCollection("dots", s.adapter().collectionSpec("dots").orElseThrow());
            List<VectorRecord> first = MigrateFixtures.scanAll(s.adapter(), "dots").subList(0, 100);
            t.adapter().insertBatch("dots", first);
            t.adapter().writeState(Checkpoint.key("dots"), new Checkpoint(Checkpoint.fingerprint(src),
                    first.get(first.size() - 1).id(), first.size(), false, 1L).toJson());
        }
        Cli.Result resumed = Cli.run("migrate", "--from", src, "--to", pg, "--collections", "dots", "--resume");
        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(resumed.out()).contains("'dots': 20 row(s) copied (resumed; 120 in total)").contains("Validation passed.");
        try (AgentDB t = AgentDB.open(pg)) {
            assertThat(Checkpoint.read(t.adapter(), "dots").orElseThrow().complete()).isTrue();
            assertThat(t.adapter().readState(Checkpoint.key("dots"))).as("the old checkpoint is superseded").isEmpty();
        }
    }
}
