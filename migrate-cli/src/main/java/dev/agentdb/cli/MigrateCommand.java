package dev.agentdb.cli;

import dev.agentdb.AgentDB;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.BackendUnavailableException;
import dev.agentdb.IndexParams;
import dev.agentdb.InvalidInputException;
import dev.agentdb.ReadOnlyException;
import dev.agentdb.UnsupportedFeatureException;
import dev.agentdb.cli.migrate.Checkpoint;
import dev.agentdb.cli.migrate.CopyFailedException;
import dev.agentdb.cli.migrate.IndexSpec;
import dev.agentdb.cli.migrate.Migration;
import dev.agentdb.cli.migrate.MigrationOptions;
import dev.agentdb.cli.migrate.MigrationPlan;
import dev.agentdb.cli.migrate.MigrationRefusedException;
import dev.agentdb.cli.migrate.StopSignals;
import dev.agentdb.cli.migrate.ValidationReport;
import dev.agentdb.cli.migrate.Validator;
import dev.agentdb.internal.Json;
import dev.agentdb.spi.Capability;
import dev.agentdb.spi.DatabaseAdapter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Callable;

/**
 * {@code agentdb migrate}: copies collections from one backend to another (e.g. the embedded SQLite
 * file of development to PostgreSQL) through the SPI, resumably, and validates the copy. The engine
 * is in {@link dev.agentdb.cli.migrate}.
 */
@Command(name = "migrate", sortOptions = false,
        header = "Copy collections from one database to another (any backend to any backend), resumably, and validate the copy.",
        description = {"Creates each source collection on the target with the source's spec (dimension, metric, index"
                + " parameters; --index-params overrides the index) and copies its records in source id order, --batch-size"
                + " rows at a time. Embeddings, metadata, text and timestamps are copied exactly; ids too, unless"
                + " --no-preserve-ids. Memory use of the copy is constant.",
            "A collection this run creates with an HNSW or IVFFlat index is created FLAT, filled, then indexed once over"
                + " all its rows (several times faster than indexing row by row; a SQLite target holds its graph in memory"
                + " while it builds it).",
            "Each batch is written in one target transaction together with a checkpoint (in the target's table"
                + " agentdb_migration_checkpoints, one row per collection), so a crash or Ctrl-C loses nothing: rerun with"
                + " --resume to continue after the last committed batch (or to build the index, if the copy had finished)."
                + " A target without transactions gets upserts followed by the checkpoint (idempotent on resume).",
            "A target collection that already holds rows is refused unless --resume (an interrupted migration of the"
                + " same source) or --overwrite (drop and recreate it). A target collection with another spec is refused"
                + " and the target left unchanged. After a complete migration a rerun says 'already migrated' and only"
                + " validates.",
            "A live source (one still written while it is copied) moves in two steps: migrate while it serves, then stop its"
                + " writers and rerun with --sync, which compares both sides in id order and writes only what changed since"
                + " (rows added or changed in the source are upserted, rows deleted from it deleted), --batch-size changes per"
                + " target transaction; then validation. A sync can be rerun at any time, and finishes an interrupted one.",
            "Validation (default on): equal counts; a merge of both sides in id order comparing a SHA-256 per row over"
                + " the id, the exact float32 bits of the embedding, the canonical metadata JSON, the text and the"
                + " timestamp (with --no-preserve-ids: the sums modulo 2^256 of those row checksums, over the derived ids,"
                + " then on a difference a lookup of each derived id); and " + Validator.DEFAULT_SEARCHES + " exact searches (queries = embeddings of sampled"
                + " rows) on both sides, whose mean top-" + Validator.SEARCH_K + " id overlap must reach "
                + Validator.MIN_OVERLAP + ". Any mismatch exits with 3 and lists the first " + Validator.MAX_LISTED
                + " ids."},
        footer = {"%nExamples:",
            "  agentdb migrate --from sqlite:./agent.db --to 'postgresql://app@db:5432/agent?schema=agent'",
            "  agentdb migrate --from sqlite:./agent.db --to postgresql://app@db/agent --collections docs,vectors --dry-run",
            "  agentdb migrate --from sqlite:./agent.db --to postgresql://app@db/agent --index-params hnsw:m=32,efConstruction=200",
            "  agentdb migrate --from sqlite:./agent.db --to postgresql://app@db/agent --index-params docs=ivfflat:lists=200"
                + " --index-params flat",
            "  agentdb migrate --from sqlite:./agent.db --to postgresql://app@db/agent --resume",
            "  agentdb migrate --from sqlite:./agent.db --to postgresql://app@db/agent --sync"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success (also: already migrated and valid; a dry run)",
            "1:runtime error: a database error during the copy (names the collection and the ids of the failing batch;"
                + " rerun with --resume)",
            "2:invalid command line or refused: unknown option, malformed URL, missing source file, unknown collection,"
                + " invalid --index-params or an index type the target lacks, target collection with another spec,"
                + " target rows without --resume/--overwrite or of a run with the other --preserve-ids mode, --sync with"
                + " --no-preserve-ids (target unchanged)",
            "3:validation failed: counts, a row's checksum or the search overlap differ (the report lists the ids)",
            "4:backend unavailable: the source or the target cannot be reached or opened (also a source that is no AgentDB"
                + " database, or needs 'agentdb upgrade': the source is opened read-only and never converted)",
            "5:interrupted (Ctrl-C, SIGTERM) after a committed batch: rerun with --resume",
            "6:a source row cannot be copied: the target refuses it (a value outside AgentDB's domain, e.g. NUL or"
                + " metadata nested deeper than 64 levels, written by an older version or plain SQL) or the source cannot"
                + " read it; names the collection, the id and the field; earlier batches are committed: fix or delete the"
                + " row in the source, then rerun with --resume"})
public final class MigrateCommand implements Callable<Integer> {
    /** How often plain progress lines are printed when standard error is not a terminal, in ms. */
    static final long PLAIN_PROGRESS_INTERVAL_MS = 2_000;

    @Spec
    private CommandSpec spec;

    /** What the target backend supports, set when it is opened (also on a dry run whose target does not exist). */
    private Set<Capability> targetCapabilities;

    @Option(names = "--from", required = true, paramLabel = "URL", description = "Source database URL, e.g. sqlite:./agent.db (opened read-only: never written, converted or upgraded; MongoDB, which has no read-only connection, is only read).")
    private String from;

    @Option(names = "--to", required = true, paramLabel = "URL", description = "Target database URL, e.g. postgresql://user@host:5432/db?schema=agent")
    private String to;

    @Option(names = "--collections", split = ",", splitSynopsisLabel = ",", paramLabel = "NAME",
            description = "Only these collections (in this order). Default: --all.")
    private List<String> collections;

    @Option(names = "--all", description = "Every collection of the source, the default collection 'vectors' included"
            + " (skipped with a note while it has no dimension). The default.")
    private boolean all;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + MigrationOptions.DEFAULT_BATCH_SIZE,
            description = "Rows per batch: one target transaction with its checkpoint. Default: ${DEFAULT-VALUE}.")
    private int batchSize;

    @Option(names = "--preserve-ids", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Keep each row's id (default). With --no-preserve-ids each row gets a new id, a name-based UUID"
                    + " derived from the source, the collection and its source id: deterministic, so a resumed run writes the"
                    + " same ids, and distinct across sources, for merging sources whose ids collide (a target collection"
                    + " still takes rows of one source only). The checkpoint records the mode; --resume with the other"
                    + " mode is refused.")
    private boolean preserveIds;

    @Option(names = "--create-indexes", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Create target collections with the source's index parameters or --index-params (default). With"
                    + " --no-create-indexes they get a FLAT index (exact search, nothing built).")
    private boolean createIndexes;

    @Option(names = "--index-params", paramLabel = "SPEC", converter = Options.IndexSpecConverter.class,
            description = "The index of the target collections this run creates, instead of the source's:"
                    + " flat | hnsw[:m=16,efConstruction=100,efSearch=64] | ivfflat[:lists=100,probes=10] (keys"
                    + " case-insensitive, ef_construction/ef_search accepted). A key left out takes the source's value when"
                    + " the source index has the same type, else the default shown. NAME=SPEC applies to one collection"
                    + " (repeatable, wins over a SPEC without a name). IVFFlat needs a target that has it (PostgreSQL)."
                    + " Not with --no-create-indexes.")
    private List<IndexSpec> indexParams;

    @Option(names = "--validate", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Validate after copying (default); --no-validate skips it.")
    private boolean validate;

    @Option(names = "--searches", paramLabel = "N", defaultValue = "" + Validator.DEFAULT_SEARCHES,
            description = "Exact searches compared per collection during validation. Default: ${DEFAULT-VALUE}.")
    private int searches;

    @Option(names = "--resume", description = "Continue an interrupted migration of the same source after its checkpoint.")
    private boolean resume;

    @Option(names = "--sync", description = "Bring collections already migrated from this source up to date with it:"
            + " compare both sides in id order and write the differences (upsert rows added or changed in the source,"
            + " delete rows gone from it), then validate. For a source that was written during the migration: stop its"
            + " writers, then --sync. Collections not yet migrated are copied as usual. Needs --preserve-ids.")
    private boolean sync;

    @Option(names = "--overwrite", description = "Drop and recreate target collections that already hold rows (and their checkpoints).")
    private boolean overwrite;

    @Option(names = "--dry-run", description = "Print what would be created and how many rows copied (with --sync: how many"
            + " rows a sync would add, update and delete, which reads both sides); change nothing.")
    private boolean dryRun;

    @Option(names = "--json", description = "Print a machine-readable report on standard output (progress stays on standard error).")
    private boolean json;

    /** Creates the command (picocli instantiates it). */
    public MigrateCommand() {
    }

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        PrintWriter out = cl.getOut();
        PrintWriter err = cl.getErr();
        Options.range(cl, "--batch-size", batchSize, 1, 100_000);
        Options.range(cl, "--searches", searches, 0, 10_000);
        if (all && collections != null) {
            throw new CommandLine.ParameterException(cl, "--all and --collections are mutually exclusive");
        }
        checkIndexParams(cl);
        if (resume && overwrite) {
            throw new CommandLine.ParameterException(cl, "--resume and --overwrite are mutually exclusive");
        }
        if (sync && overwrite) {
            throw new CommandLine.ParameterException(cl, "--sync and --overwrite are mutually exclusive");
        }
        if (sync && !preserveIds) {
            throw new CommandLine.ParameterException(cl, "--sync needs --preserve-ids: it compares both sides in id order,"
                    + " which derived ids (--no-preserve-ids) do not keep");
        }
        checkUrl(cl, "--from", from);
        checkUrl(cl, "--to", to);
        Optional<Path> sourceFile = Databases.sqliteFile(from);
        if (sourceFile.isPresent() && !Files.isRegularFile(sourceFile.get())) {
            throw new CommandLine.ParameterException(cl, "--from: " + sourceFile.get() + ": no such file (the source is never created)");
        }
        if (Checkpoint.fingerprint(from).equals(Checkpoint.fingerprint(to))) {
            throw new CommandLine.ParameterException(cl, "--from and --to name the same database");
        }
        MigrationOptions options = new MigrationOptions(collections, batchSize, createIndexes, resume, overwrite,
                indexParams, preserveIds, sync);
        String name = cl.getCommandSpec().qualifiedName();
        Report report = new Report();
        try (AgentDB source = openSource(cl);
             AgentDB target = openTarget(cl)) {
            DatabaseAdapter targetAdapter = target == null ? null : target.adapter();
            MigrationPlan plan;
            try {
                plan = MigrationPlan.build(source.adapter(), targetAdapter, targetCapabilities, Checkpoint.fingerprint(from), options);
            } catch (MigrationRefusedException e) {
                err.println(name + ": " + e.getMessage());
                err.println("The target was not changed.");
                err.flush();
                return ExitCodes.USAGE;
            }
            report.plan(plan);
            if (dryRun) {
                Migration counter = new Migration(source.adapter(), targetAdapter, batchSize);
                for (MigrationPlan.Entry e : plan.entries()) {
                    if (e.action() == MigrationPlan.Action.SYNC) { // what a sync would write: both sides compared, nothing written
                        report.wouldSync.put(e.collection(), counter.diff(e.collection()));
                    }
                }
                return finish(report, "dry-run", ExitCodes.OK, () -> printPlan(out, plan, report));
            }
            Migration migration = new Migration(source.adapter(), targetAdapter, batchSize);
            if (!migration.transactional()) {
                err.println("note: the target has no transactions; each batch is upserted, then its checkpoint written"
                        + " (not atomic, but idempotent on --resume)");
            }
            report.transactional = migration.transactional();
            for (MigrationPlan.Entry e : plan.entries()) {
                if (e.note() != null && e.action() == MigrationPlan.Action.SKIP) {
                    err.println("note: " + e.note());
                }
            }
            err.flush();
            Migration.Result result;
            long start = System.nanoTime();
            try (StopSignals signals = StopSignals.install(() -> {
                migration.requestStop();
                err.println();
                err.println("Stopping after the current batch (press Ctrl-C again to kill; that is safe too)...");
                err.flush();
            }); ProgressListener listener = new ProgressListener(err)) {
                try {
                    result = migration.run(plan, listener);
                } catch (BackendUnavailableException e) {
                    err.println(name + ": error: backend unavailable during the copy: " + e.getMessage());
                    err.println("Every committed batch is checkpointed; when the backend is back, resume with:");
                    err.println("  " + resumeCommand());
                    err.flush();
                    return ExitCodes.BACKEND_UNAVAILABLE;
                } catch (CopyFailedException e) {
                    report.resumeCommand = resumeCommand();
                    report.error = e.getMessage();
                    err.println(name + ": error: " + e.getMessage());
                    err.println(e.rowRefused() ? "Every batch before that row is committed and checkpointed. Fix or delete the"
                            + " row in the source, then resume with:" : "Every committed batch is checkpointed; resume with:");
                    err.println("  " + report.resumeCommand);
                    err.flush();
                    return finish(report, e.rowRefused() ? "row-refused" : "failed",
                            e.rowRefused() ? ExitCodes.ROW_REFUSED : ExitCodes.FAILURE, () -> { });
                }
                report.result(result, System.nanoTime() - start);
                if (result.status() == Migration.Status.INTERRUPTED) {
                    report.resumeCommand = resumeCommand();
                    return finish(report, "interrupted", ExitCodes.INTERRUPTED, () -> {
                        printSummary(out, report);
                        out.println("Interrupted after a committed batch. Resume with:");
                        out.println("  " + report.resumeCommand);
                    });
                }
                if (!json) {
                    printSummary(out, report);
                }
                if (!validate) {
                    return finish(report, "completed", ExitCodes.OK, () -> out.println("Validation skipped (--no-validate)."));
                }
                Validator validator = new Validator(source.adapter(), targetAdapter, batchSize, searches, migration::stopRequested,
                        preserveIds ? null : plan.source());
                boolean ok = true;
                for (MigrationPlan.Entry e : plan.entries()) {
                    if (e.action() == MigrationPlan.Action.SKIP) {
                        continue;
                    }
                    ValidationReport v;
                    try {
                        v = validator.validate(e.collection());
                    } catch (CancellationException c) {
                        report.resumeCommand = resumeCommand();
                        return finish(report, "interrupted", ExitCodes.INTERRUPTED, () -> {
                            out.println("Interrupted during validation (the copy is complete). Validate again with:");
                            out.println("  " + report.resumeCommand);
                        });
                    }
                    report.validations.put(e.collection(), v);
                    ok &= v.ok();
                    if (!json) {
                        printValidation(out, v);
                    }
                }
                if (!ok) {
                    return finish(report, "validation-failed", ExitCodes.VALIDATION_FAILED,
                            () -> out.println("Validation FAILED: the target does not match the source (see above)."));
                }
                return finish(report, "completed", ExitCodes.OK, () -> out.println("Validation passed."));
            }
        } catch (BackendUnavailable e) {
            err.println(name + ": error: " + e.getMessage());
            err.flush();
            return ExitCodes.BACKEND_UNAVAILABLE;
        }
    }

    // ------------------------------------------------------------------ opening

    /** Opening one side failed because the backend cannot be reached. */
    private static final class BackendUnavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BackendUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** At most one {@code --index-params} without a name and one per name; none with {@code --no-create-indexes}. */
    private void checkIndexParams(CommandLine cl) {
        if (indexParams == null) {
            return;
        }
        if (!createIndexes) {
            throw new CommandLine.ParameterException(cl, "--index-params and --no-create-indexes are mutually exclusive"
                    + " (--no-create-indexes means --index-params flat)");
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (IndexSpec s : indexParams) {
            if (!seen.add(String.valueOf(s.collection()))) {
                throw new CommandLine.ParameterException(cl, "--index-params is given twice for "
                        + (s.collection() == null ? "every collection (a SPEC without NAME=)" : "collection '" + s.collection() + "'"));
            }
        }
    }

    private static void checkUrl(CommandLine cl, String option, String url) {
        try {
            AgentDBConfig.of(url);
        } catch (InvalidInputException e) {
            throw new CommandLine.ParameterException(cl, option + ": " + e.getMessage()
                    + (e.getMessage().contains("expected") ? "" : " (expected e.g. sqlite:./agent.db or postgresql://user@host:5432/db)"));
        }
    }

    private static AgentDB open(CommandLine cl, String option, String side, String url, boolean autoMigrate) {
        return open(cl, option, side, AgentDBConfig.builder(url).autoMigrate(autoMigrate));
    }

    /** Opens one side; a source that needs 'agentdb upgrade' (read-only opens never upgrade) cannot be opened either. */
    private static AgentDB open(CommandLine cl, String option, String side, AgentDBConfig.Builder config) {
        String url = config.build().url();
        try {
            return AgentDB.open(config.build());
        } catch (InvalidInputException e) {
            throw new CommandLine.ParameterException(cl, option + ": " + e.getMessage()
                    + " (expected e.g. sqlite:./agent.db or postgresql://user@host:5432/db)", e, null, url);
        } catch (BackendUnavailableException | ReadOnlyException e) {
            throw new BackendUnavailable("cannot open the " + side + " " + AgentDBConfig.redact(url) + ": " + e.getMessage(), e);
        }
    }

    /**
     * The source, read-only; a backend without {@link Capability#READ_ONLY}
     * is opened without migrating its schema instead (the migration only reads it, and nothing is upgraded).
     */
    private AgentDB openSource(CommandLine cl) {
        try {
            return open(cl, "--from", "source", AgentDBConfig.builder(from).readOnly(true));
        } catch (UnsupportedFeatureException e) {
            if (e.capability() != Capability.READ_ONLY) {
                throw e;
            }
            return open(cl, "--from", "source", from, false);
        }
    }

    /**
     * The target, or null on a dry run whose target does not exist yet. A dry run opens the target without
     * migrating its schema, so that it changes nothing.
     */
    private AgentDB openTarget(CommandLine cl) {
        if (!dryRun) {
            AgentDB db = open(cl, "--to", "target", to, true);
            targetCapabilities = db.adapter().capabilities();
            return db;
        }
        Optional<Path> file = Databases.sqliteFile(to);
        if (file.isPresent() && !Files.exists(file.get())) {
            try (AgentDB memory = open(cl, "--to", "target", "sqlite::memory:", false)) {
                targetCapabilities = memory.adapter().capabilities(); // what the new file would have
            }
            return null;
        }
        AgentDB db = open(cl, "--to", "target", to, false);
        targetCapabilities = db.adapter().capabilities();
        try {
            if (db.migrationVersion() == 0) {
                db.close();
                return null; // no AgentDB schema yet: nothing there
            }
        } catch (RuntimeException e) {
            db.close();
            return null;
        }
        return db;
    }

    /** @return the command that continues this migration, passwords redacted */
    private String resumeCommand() {
        StringBuilder b = new StringBuilder("agentdb migrate --from ").append(Options.shellQuote(AgentDBConfig.redact(from)))
                .append(" --to ").append(Options.shellQuote(AgentDBConfig.redact(to)));
        if (collections != null) {
            b.append(" --collections ").append(Options.shellQuote(String.join(",", collections)));
        }
        if (batchSize != MigrationOptions.DEFAULT_BATCH_SIZE) {
            b.append(" --batch-size ").append(batchSize);
        }
        if (!preserveIds) {
            b.append(" --no-preserve-ids");
        }
        if (!createIndexes) {
            b.append(" --no-create-indexes");
        }
        if (indexParams != null) {
            indexParams.forEach(p -> b.append(" --index-params ").append(Options.shellQuote(p.toString())));
        }
        if (!validate) {
            b.append(" --no-validate");
        }
        if (searches != Validator.DEFAULT_SEARCHES) {
            b.append(" --searches ").append(searches);
        }
        if (json) {
            b.append(" --json");
        }
        if (sync) {
            b.append(" --sync");
        }
        return b.append(" --resume").toString();
    }

    // ------------------------------------------------------------------ output

    private int finish(Report report, String status, int exitCode, Runnable text) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report.toJson(status, exitCode)));
        } else {
            text.run();
        }
        out.flush();
        spec.commandLine().getErr().flush();
        return exitCode;
    }

    private void printPlan(PrintWriter out, MigrationPlan plan, Report report) {
        out.printf("Dry run: nothing was changed. %s -> %s%n", AgentDBConfig.redact(from), AgentDBConfig.redact(to));
        out.printf("Ids: %s. Indexes: %s.%n", preserveIds ? "preserved" : "derived from the source ids (--no-preserve-ids)",
                !createIndexes ? "flat (--no-create-indexes)" : indexParams == null ? "the source's"
                        : "--index-params " + indexParams.stream().map(IndexSpec::toString).collect(java.util.stream.Collectors.joining(" ")));
        Table t = new Table("collection", "action", "spec", ">source rows", ">rows to copy", "note");
        for (MigrationPlan.Entry e : plan.entries()) {
            t.row(e.collection(), e.action().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                    e.spec() == null ? "-" : e.spec().dimension() + "d " + e.spec().metric().wireName() + " " + BatchImporter.describe(e.spec().index()),
                    String.format(Locale.ROOT, "%,d", e.sourceRows()), String.format(Locale.ROOT, "%,d", e.rowsToCopy()),
                    e.note() == null ? "" : e.note());
        }
        t.print(out);
        out.printf(Locale.ROOT, "Would copy %,d row(s) in %d collection(s).%n", plan.rowsToCopy(),
                plan.entries().stream().filter(e -> e.rowsToCopy() > 0).count());
        report.wouldSync.forEach((collection, c) -> out.printf(Locale.ROOT,
                "'%s': --sync would write %,d added, %,d updated, %,d deleted (%,d source rows compared).%n",
                collection, c.added(), c.updated(), c.deleted(), c.compared()));
        if (plan.entries().stream().anyMatch(e -> e.spec() != null && e.spec().index().type() != IndexParams.IndexType.FLAT
                && (e.action() == MigrationPlan.Action.CREATE || e.action() == MigrationPlan.Action.COPY_INTO_EMPTY
                    || e.action() == MigrationPlan.Action.OVERWRITE || e.action() == MigrationPlan.Action.RESUME))) {
            out.println("Collections created by the run are filled FLAT and get their index in one build after their last row.");
        }
    }

    private static void printSummary(PrintWriter out, Report report) {
        for (Migration.CollectionResult r : report.result.collections()) {
            if (r.action() == MigrationPlan.Action.SKIP) {
                out.printf("'%s': skipped (%s)%n", r.collection(), report.notes.getOrDefault(r.collection(), "nothing to copy"));
            } else if (r.action() == MigrationPlan.Action.ALREADY_MIGRATED) {
                out.printf(Locale.ROOT, "'%s': already migrated (%,d rows)%n", r.collection(), r.rowsTotal());
            } else if (r.action() == MigrationPlan.Action.SYNC) {
                Migration.SyncChanges c = r.sync();
                out.printf(Locale.ROOT, "'%s': %s: %,d source rows compared in %.2f s; %,d added, %,d updated, %,d deleted%s%n",
                        r.collection(), r.complete() ? "synced" : "sync interrupted", c.compared(), r.nanos() / 1e9, c.added(),
                        c.updated(), c.deleted(), c.any() ? "" : " (the target was up to date)");
            } else {
                out.printf(Locale.ROOT, "'%s': %,d row(s) copied%s in %.2f s (%,.0f rows/s)%s%s%n", r.collection(), r.rowsCopied(),
                        r.action() == MigrationPlan.Action.RESUME ? " (resumed; " + String.format(Locale.ROOT, "%,d", r.rowsTotal()) + " in total)" : "",
                        r.nanos() / 1e9, r.rowsPerSecond(),
                        r.indexNanos() > 0 ? String.format(Locale.ROOT, ", then the index built in %.2f s", r.indexNanos() / 1e9) : "",
                        r.complete() ? "" : ", incomplete");
            }
        }
        long rows = report.result.collections().stream().filter(r -> r.sync() == null).mapToLong(Migration.CollectionResult::rowsCopied).sum();
        double seconds = report.nanos / 1e9;
        List<Migration.SyncChanges> syncs = report.result.collections().stream().map(Migration.CollectionResult::sync)
                .filter(java.util.Objects::nonNull).toList();
        if (syncs.isEmpty()) {
            out.printf(Locale.ROOT, "Total: %,d row(s) copied in %.2f s (%,.0f rows/s).%n", rows, seconds, seconds > 0 ? rows / seconds : 0);
        } else {
            out.printf(Locale.ROOT, "Total: %,d row(s) copied, %,d row(s) synced (%,d compared) in %.2f s.%n", rows,
                    syncs.stream().mapToLong(c -> c.added() + c.updated() + c.deleted()).sum(),
                    syncs.stream().mapToLong(Migration.SyncChanges::compared).sum(), seconds);
        }
    }

    private static void printValidation(PrintWriter out, ValidationReport v) {
        if (v.ok()) {
            out.printf(Locale.ROOT, "'%s': valid: %,d rows, checksums equal (%s...), %d exact searches, mean top-%d overlap %.4f%n",
                    v.collection(), v.sourceCount(), v.sourceChecksum().substring(0, 16), v.searchQueries(), Validator.SEARCH_K,
                    v.meanOverlap());
        } else {
            out.printf("'%s': INVALID%n", v.collection());
            for (String p : v.problems()) {
                out.println("  " + p);
            }
        }
    }

    /** Everything the JSON report holds. */
    private final class Report {
        MigrationPlan plan;
        Migration.Result result;
        long nanos;
        boolean transactional;
        String resumeCommand;
        /** What ended the run with an error (exit 1 or 6), or null. */
        String error;
        final Map<String, String> notes = new LinkedHashMap<>();
        final Map<String, ValidationReport> validations = new LinkedHashMap<>();
        /** A dry run's count of what --sync would write, per SYNC collection. */
        final Map<String, Migration.SyncChanges> wouldSync = new LinkedHashMap<>();

        void plan(MigrationPlan p) {
            plan = p;
            for (MigrationPlan.Entry e : p.entries()) {
                if (e.note() != null) {
                    notes.put(e.collection(), e.note());
                }
            }
        }

        void result(Migration.Result r, long elapsed) {
            result = r;
            nanos = elapsed;
        }

        Map<String, Object> toJson(String status, int exitCode) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("from", AgentDBConfig.redact(from));
            root.put("to", AgentDBConfig.redact(to));
            root.put("status", status);
            root.put("exitCode", exitCode);
            root.put("dryRun", dryRun);
            root.put("batchSize", batchSize);
            root.put("preserveIds", preserveIds);
            root.put("createIndexes", createIndexes);
            root.put("indexParams", indexParams == null ? List.of() : indexParams.stream().map(IndexSpec::toString).toList());
            root.put("transactional", transactional);
            List<Map<String, Object>> rows = new ArrayList<>();
            long copied = 0;
            for (MigrationPlan.Entry e : plan.entries()) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("name", e.collection());
                c.put("action", e.action().name().toLowerCase(Locale.ROOT));
                if (e.note() != null) {
                    c.put("note", e.note());
                }
                if (e.spec() != null) {
                    c.put("dimension", e.spec().dimension());
                    c.put("metric", e.spec().metric().wireName());
                    c.put("index", BatchImporter.describe(e.spec().index()));
                }
                c.put("sourceRows", e.sourceRows());
                c.put("rowsToCopy", e.rowsToCopy());
                if (result != null) {
                    for (Migration.CollectionResult r : result.collections()) {
                        if (r.collection().equals(e.collection())) {
                            c.put("rowsCopied", r.rowsCopied());
                            c.put("rowsTotal", r.rowsTotal());
                            c.put("seconds", r.nanos() / 1e9);
                            c.put("rowsPerSecond", r.rowsPerSecond());
                            c.put("indexSeconds", r.indexNanos() / 1e9);
                            c.put("complete", r.complete());
                            if (r.sync() != null) {
                                c.put("sync", syncJson(r.sync()));
                            }
                            copied += r.rowsCopied();
                        }
                    }
                }
                if (wouldSync.containsKey(e.collection())) {
                    c.put("wouldSync", syncJson(wouldSync.get(e.collection())));
                }
                ValidationReport v = validations.get(e.collection());
                if (v != null) {
                    Map<String, Object> vj = new LinkedHashMap<>();
                    vj.put("ok", v.ok());
                    vj.put("sourceCount", v.sourceCount());
                    vj.put("targetCount", v.targetCount());
                    vj.put("rowsCompared", v.rowsCompared());
                    vj.put("mismatchCount", v.mismatchCount());
                    List<Map<String, Object>> mm = new ArrayList<>();
                    for (ValidationReport.Mismatch m : v.mismatches()) {
                        Map<String, Object> mj = new LinkedHashMap<>();
                        mj.put("id", m.id());
                        if (m.targetId() != null) {
                            mj.put("targetId", m.targetId());
                        }
                        mj.put("problem", m.problem());
                        mm.add(mj);
                    }
                    vj.put("mismatches", mm);
                    vj.put("sourceChecksum", v.sourceChecksum());
                    vj.put("targetChecksum", v.targetChecksum());
                    vj.put("searchQueries", v.searchQueries());
                    vj.put("meanOverlap", v.meanOverlap());
                    c.put("validation", vj);
                }
                rows.add(c);
            }
            root.put("collections", rows);
            Map<String, Object> total = new LinkedHashMap<>();
            total.put("rowsToCopy", plan.rowsToCopy());
            total.put("rowsCopied", copied);
            total.put("seconds", nanos / 1e9);
            total.put("rowsPerSecond", nanos > 0 ? copied / (nanos / 1e9) : 0.0);
            root.put("total", total);
            if (resumeCommand != null) {
                root.put("resumeCommand", resumeCommand);
            }
            if (error != null) {
                root.put("error", error);
            }
            return root;
        }
    }

    private static Map<String, Object> syncJson(Migration.SyncChanges c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("compared", c.compared());
        m.put("added", c.added());
        m.put("updated", c.updated());
        m.put("deleted", c.deleted());
        return m;
    }

    /**
     * Per collection: a progress bar (rows, %, rate, ETA) when progress is on, otherwise a plain line on
     * standard error every {@link #PLAIN_PROGRESS_INTERVAL_MS}.
     */
    private static final class ProgressListener implements Migration.Listener, AutoCloseable {
        private final PrintWriter err;
        private final boolean bars = AgentDbCli.progressEnabled();
        private Progress bar;
        private long startRows;
        private long startNanos;
        private long lastPrint;

        ProgressListener(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void started(MigrationPlan.Entry entry, long rowsDone) {
            startRows = rowsDone;
            startNanos = System.nanoTime();
            lastPrint = System.currentTimeMillis();
            if (bars) {
                bar = Progress.start(true, (entry.action() == MigrationPlan.Action.SYNC ? "sync " : "migrate ") + entry.collection(),
                        entry.sourceRows());
                bar.stepTo(rowsDone);
            } else if (rowsDone > 0) {
                err.printf(Locale.ROOT, "migrate '%s': resuming at %,d / %,d rows%n", entry.collection(), rowsDone, entry.sourceRows());
                err.flush();
            }
        }

        @Override
        public void batchCommitted(MigrationPlan.Entry entry, long rowsDone) {
            if (!plainLineDue(rowsDone)) {
                return;
            }
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            double rate = seconds > 0 ? (rowsDone - startRows) / seconds : 0;
            long total = Math.max(entry.sourceRows(), rowsDone);
            double pct = total == 0 ? 100 : 100.0 * rowsDone / total;
            String eta = rate > 0 ? String.format(Locale.ROOT, "%.0f s", (total - rowsDone) / rate) : "?";
            err.printf(Locale.ROOT, "migrate '%s': %,d / %,d rows (%.0f%%), %,.0f rows/s, ETA %s%n",
                    entry.collection(), rowsDone, total, pct, rate, eta);
            err.flush();
        }

        @Override
        public void syncProgress(MigrationPlan.Entry entry, long rowsCompared, Migration.SyncChanges changes) {
            if (!plainLineDue(rowsCompared)) {
                return;
            }
            err.printf(Locale.ROOT, "sync '%s': %,d / %,d source rows compared; %,d added, %,d updated, %,d deleted%n",
                    entry.collection(), rowsCompared, entry.sourceRows(), changes.added(), changes.updated(), changes.deleted());
            err.flush();
        }

        /** Moves the bar to {@code rows}, or says whether a plain line is due (one every {@link #PLAIN_PROGRESS_INTERVAL_MS}). */
        private boolean plainLineDue(long rows) {
            if (bar != null) {
                bar.stepTo(rows);
                return false;
            }
            long now = System.currentTimeMillis();
            if (now - lastPrint < PLAIN_PROGRESS_INTERVAL_MS) {
                return false;
            }
            lastPrint = now;
            return true;
        }

        @Override
        public void indexing(MigrationPlan.Entry entry, long rows) {
            if (bar != null) {
                bar.close();
                bar = null;
            }
            err.printf(Locale.ROOT, "migrate '%s': building the %s index over %,d rows (once, after the copy)...%n",
                    entry.collection(), BatchImporter.describe(entry.spec().index()), rows);
            err.flush();
        }

        @Override
        public void finished(Migration.CollectionResult result) {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }

        @Override
        public void close() {
            finished(null);
        }
    }
}
