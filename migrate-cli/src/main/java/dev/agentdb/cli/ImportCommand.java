package dev.agentdb.cli;

import dev.agentdb.AgentDB;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.IndexParams;
import dev.agentdb.Limits;
import dev.agentdb.Metric;
import dev.agentdb.cli.io.DatasetFormat;
import dev.agentdb.cli.io.LabelNames;
import dev.agentdb.cli.io.ReaderOptions;
import dev.agentdb.cli.io.RecordReader;
import dev.agentdb.cli.migrate.StopSignals;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code agentdb import}: streams a data set file into a collection in atomic batches, creating the
 * collection (with the data's dimension) when it is missing.
 */
@Command(name = "import", sortOptions = false,
        header = "Import vectors from an fvecs, IDX (MNIST/Fashion-MNIST) or JSON Lines file.",
        description = {"Streams FILE (constant memory; gzip'd files are read transparently) into the collection in"
                + " batches with insertBatch. Each batch is atomic: on malformed input the error names the file and the"
                + " line (JSONL) or byte offset (fvecs, IDX), the batches before it stay stored and nothing of the"
                + " failing batch is.",
            "Formats: fvecs = little-endian int32 dimension + float32 components per vector (ids 0, 1, 2, ...);"
                + " idx = IDX3 images (pixels 0..255 as floats), with --labels an IDX1 file adding"
                + " {\"label\": n, \"class\": name}; jsonl = one {\"id\", \"vector\", \"metadata\"} object per line."},
        footer = {"%nExample:",
            "  agentdb import --db sqlite:./fm.db --collection fashion --format idx --metric l2 \\",
            "      --labels train-labels-idx1-ubyte.gz train-images-idx3-ubyte.gz"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.OK_HELP, ExitCodes.FAILURE_HELP, ExitCodes.USAGE_HELP,
            "5:interrupted (Ctrl-C, SIGTERM) after a stored batch: prints how many records were stored and the command"
                + " that continues with the next one (--skip)"})
public final class ImportCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--db", required = true, paramLabel = "URL", description = "Database URL, e.g. sqlite:./agent.db")
    private String db;

    @Option(names = "--collection", required = true, paramLabel = "NAME", description = "Destination collection; created when missing.")
    private String collection;

    @Option(names = "--format", paramLabel = "FORMAT", converter = Options.FormatConverter.class,
            description = "fvecs, idx or jsonl. Default: from the file name (.fvecs, -ubyte, .jsonl, optionally .gz).")
    private DatasetFormat format;

    @Parameters(index = "0", paramLabel = "FILE", description = "The data set file.")
    private Path file;

    @Option(names = "--metric", paramLabel = "METRIC", converter = Options.MetricConverter.class,
            description = "Metric of a new collection: cosine, l2, inner_product. Default: cosine (an existing collection keeps its own).")
    private Metric metric;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "1000", description = "Records per atomic batch. Default: ${DEFAULT-VALUE}.")
    private int batchSize;

    @Option(names = "--labels", paramLabel = "IDXFILE", description = "IDX1 label file (idx format): adds {\"label\": n, \"class\": name} metadata.")
    private Path labels;

    @Option(names = "--label-names", paramLabel = "NAMES", defaultValue = "fashion-mnist", converter = Options.LabelNamesConverter.class,
            description = "Names of the labels for the \"class\" field: fashion-mnist or none. Default: ${DEFAULT-VALUE}.")
    private LabelNames labelNames;

    @Option(names = "--limit", paramLabel = "N", description = "Import only the first N records of the file.")
    private Long limit;

    @Option(names = "--skip", paramLabel = "N", defaultValue = "0",
            description = "Skip the first N records of the file (those an interrupted run stored; it prints the command).")
    private long skip;

    @Option(names = "--id-prefix", paramLabel = "PREFIX", defaultValue = "",
            description = "Prefix of the generated ids of fvecs and IDX records (record i gets PREFIX + i).")
    private String idPrefix;

    @Option(names = "--upsert", description = "Replace records whose id already exists instead of failing.")
    private boolean upsert;

    @Option(names = "--m", paramLabel = "M", description = "HNSW M of a new collection. Default: " + IndexParams.DEFAULT_M + ".")
    private Integer m;

    @Option(names = "--ef-construction", paramLabel = "N",
            description = "HNSW efConstruction of a new collection. Default: " + IndexParams.DEFAULT_EF_CONSTRUCTION + ".")
    private Integer efConstruction;

    @Option(names = "--ef-search", paramLabel = "N",
            description = "Default HNSW efSearch of a new collection. Default: " + IndexParams.DEFAULT_EF_SEARCH + ".")
    private Integer efSearch;

    /** Creates the command (picocli instantiates it). */
    public ImportCommand() {
    }

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        Options.existingFile(cl, "FILE", file);
        Options.existingFile(cl, "--labels", labels);
        Options.range(cl, "--batch-size", batchSize, 1, 100_000);
        if (limit != null && limit < 0) {
            throw new CommandLine.ParameterException(cl, "--limit must be at least 0, was " + limit);
        }
        if (skip < 0) {
            throw new CommandLine.ParameterException(cl, "--skip must be at least 0, was " + skip);
        }
        DatasetFormat fmt = format != null ? format : DatasetFormat.guess(file);
        if (fmt == null) {
            throw new CommandLine.ParameterException(cl, "cannot tell the format of " + file + " from its name; give --format fvecs, idx or jsonl");
        }
        if (labels != null && fmt != DatasetFormat.IDX) {
            throw new CommandLine.ParameterException(cl, "--labels applies to --format idx only");
        }
        IndexParams index = indexParams(cl);
        ReaderOptions readerOptions = new ReaderOptions(idPrefix, labels, labelNames == LabelNames.NONE ? null : labelNames);
        PrintWriter out = cl.getOut();
        try (AgentDB database = Databases.open(cl, db);
             RecordReader in = fmt.open(file, readerOptions)) {
            BatchImporter.Options options = new BatchImporter.Options(batchSize, limit == null ? -1 : limit, skip, metric, index,
                    upsert, AgentDbCli.progressEnabled());
            BatchImporter importer = new BatchImporter(database, collection);
            BatchImporter.Result r;
            try (StopSignals signals = StopSignals.install(() -> {
                importer.requestStop();
                cl.getErr().println();
                cl.getErr().println("Stopping after the current batch (press Ctrl-C again to kill; the stored batches stay)...");
                cl.getErr().flush();
            })) {
                r = importer.run(in, options);
            }
            if (r.interrupted()) {
                long next = r.skipped() + r.imported();
                out.printf("Interrupted: %,d record(s) stored in '%s' by this run (records %,d to %,d of %s); each batch is"
                        + " stored whole.%nContinue with:%n  %s%n", r.imported(), collection, r.skipped() + 1, next, file,
                        continueCommand(next));
                out.flush();
                return ExitCodes.INTERRUPTED;
            }
            if (r.imported() == 0) {
                out.printf("Nothing imported: %s holds no records%s.%n", file, limit != null ? " within --limit " + limit : "");
                out.flush();
                return ExitCodes.OK;
            }
            out.printf("Imported %,d record(s) from %s into '%s' (dimension %d, %s) in %.2f s (%,.0f records/s).%n",
                    r.imported(), file, collection, r.dimension(), r.created() ? "new collection" : "existing collection",
                    r.elapsedNanos() / 1e9, r.recordsPerSecond());
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** @return this command line with {@code --skip next} (and without progress or verbose flags) */
    private String continueCommand(long next) {
        StringBuilder b = new StringBuilder("agentdb import --db ").append(Options.shellQuote(AgentDBConfig.redact(db)))
                .append(" --collection ").append(Options.shellQuote(collection));
        if (format != null) {
            b.append(" --format ").append(format.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (metric != null) {
            b.append(" --metric ").append(metric.wireName());
        }
        if (batchSize != 1000) {
            b.append(" --batch-size ").append(batchSize);
        }
        if (labels != null) {
            b.append(" --labels ").append(Options.shellQuote(labels.toString())).append(" --label-names ")
                    .append(labelNames.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        }
        if (limit != null) {
            b.append(" --limit ").append(limit);
        }
        if (!idPrefix.isEmpty()) {
            b.append(" --id-prefix ").append(Options.shellQuote(idPrefix));
        }
        if (upsert) {
            b.append(" --upsert");
        }
        if (m != null) {
            b.append(" --m ").append(m);
        }
        if (efConstruction != null) {
            b.append(" --ef-construction ").append(efConstruction);
        }
        if (efSearch != null) {
            b.append(" --ef-search ").append(efSearch);
        }
        return b.append(" --skip ").append(next).append(' ').append(Options.shellQuote(file.toString())).toString();
    }

    private IndexParams indexParams(CommandLine cl) {
        if (m == null && efConstruction == null && efSearch == null) {
            return null;
        }
        int mm = Options.range(cl, "--m", m == null ? IndexParams.DEFAULT_M : m, 2, Limits.MAX_M);
        int efc = Options.range(cl, "--ef-construction", efConstruction == null ? Math.max(mm, IndexParams.DEFAULT_EF_CONSTRUCTION) : efConstruction,
                mm, Limits.MAX_EF);
        int efs = Options.range(cl, "--ef-search", efSearch == null ? IndexParams.DEFAULT_EF_SEARCH : efSearch, 1, Limits.MAX_EF);
        return IndexParams.hnsw(mm, efc, efs);
    }
}
