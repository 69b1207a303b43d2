package dev.agentdb.cli;

import dev.agentdb.AgentDB;
import dev.agentdb.Limits;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.cli.io.DatasetFormat;
import dev.agentdb.cli.io.ReaderOptions;
import dev.agentdb.cli.io.RecordReader;
import dev.agentdb.filter.Filter;
import dev.agentdb.internal.Json;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code agentdb search}: k-nearest-neighbour search printed as a table or JSON. */
@Command(name = "search", sortOptions = false,
        header = "Find the k nearest neighbours of a vector, optionally filtered by metadata.",
        description = {"The query is given inline (--vector) or taken from a data set file (--query-file, --query-index)."
                + " Results are ordered by distance ascending; score and distance follow the collection's metric.",
            "Opens the database read-only: a missing file, a file of another program or one that needs 'agentdb upgrade'"
                + " is reported, never created or converted."},
        footer = {"%nExamples:",
            "  agentdb search --db sqlite:./agent.db --collection docs --k 5 \\",
            "      --vector 0.1,0.2,0.3",
            "  agentdb search --db sqlite:./agentdb-demo.db --collection fashion_mnist \\",
            "      --query-file /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz \\",
            "      --query-index 0 \\",
            "      --filter '{\"class\":{\"$in\":[\"Sandal\",\"Ankle boot\"]}}'"})
public final class SearchCommand implements Callable<Integer> {
    private static final int METADATA_COLUMN_CHARS = 80;

    @Spec
    private CommandSpec spec;

    @Option(names = "--db", required = true, paramLabel = "URL", description = "Database URL, e.g. sqlite:./agent.db")
    private String db;

    @Option(names = "--collection", required = true, paramLabel = "NAME", description = "Collection to search.")
    private String collection;

    @Option(names = "--k", paramLabel = "K", defaultValue = "10", description = "Neighbours wanted. Default: ${DEFAULT-VALUE}.")
    private int k;

    @Option(names = "--filter", paramLabel = "JSON", converter = Options.FilterConverter.class,
            description = "MongoDB-style metadata filter, e.g. {\"class\":{\"$in\":[\"Sandal\",\"Bag\"]},\"label\":{\"$gte\":5}}.")
    private Filter filter;

    @Option(names = "--ef", paramLabel = "N", description = "HNSW efSearch for this query. Default: the collection's.")
    private Integer ef;

    @Option(names = "--exact", description = "Bypass the ANN index: exact scan (the ground truth).")
    private boolean exact;

    @Option(names = "--json", description = "Print the results as a JSON array.")
    private boolean json;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Query query;

    /** Where the query vector comes from: exactly one of the two. */
    static final class Query {
        @Option(names = "--vector", paramLabel = "V1,V2,...", required = true, description = "The query vector, comma-separated.")
        String vector;

        @ArgGroup(exclusive = false)
        FromFile fromFile;
    }

    /** A query taken from a data set file. */
    static final class FromFile {
        @Option(names = "--query-file", paramLabel = "FILE", required = true, description = "Data set file holding query vectors (fvecs, IDX, JSONL).")
        Path file;

        @Option(names = "--query-index", paramLabel = "I", defaultValue = "0", description = "0-based index of the query in the file. Default: ${DEFAULT-VALUE}.")
        long index;

        @Option(names = "--query-format", paramLabel = "FORMAT", converter = Options.FormatConverter.class,
                description = "Format of --query-file. Default: from the file name.")
        DatasetFormat format;
    }

    /** Creates the command (picocli instantiates it). */
    public SearchCommand() {
    }

    @Override
    public Integer call() throws IOException {
        CommandLine cl = spec.commandLine();
        Options.range(cl, "--k", k, 1, Limits.MAX_K);
        if (ef != null) {
            Options.range(cl, "--ef", ef, 1, Limits.MAX_EF);
        }
        float[] vector = query.vector != null ? parseVector(cl, query.vector) : readQuery(cl, query.fromFile);
        PrintWriter out = cl.getOut();
        try (AgentDB database = Databases.openExisting(cl, db)) {
            VectorCollection c = database.collection(collection);
            SearchRequest request = SearchRequest.builder(vector).k(k).filter(filter).efSearch(ef).exact(exact).build();
            List<SearchResult> results = c.search(request);
            if (json) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (int i = 0; i < results.size(); i++) {
                    SearchResult r = results.get(i);
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("rank", i + 1);
                    row.put("id", r.id());
                    row.put("score", r.score());
                    row.put("distance", r.distance());
                    row.put("metadata", r.metadata());
                    if (r.text() != null) {
                        row.put("text", r.text());
                    }
                    rows.add(row);
                }
                out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(rows));
            } else if (results.isEmpty()) {
                out.println("No results" + (filter != null ? " match the filter." : " (the collection is empty)."));
            } else {
                Table t = new Table(">rank", "id", ">score", ">distance", "metadata");
                for (int i = 0; i < results.size(); i++) {
                    SearchResult r = results.get(i);
                    t.row(i + 1, r.id(), number(r.score()), number(r.distance()), abbreviate(Json.write(r.metadata())));
                }
                t.print(out);
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * @param value a score or distance
     * @return it with 4 significant decimals, or fewer for large values
     */
    static String number(double value) {
        double abs = Math.abs(value);
        if (abs >= 1e6 || (abs < 1e-4 && abs > 0)) {
            return String.format(Locale.ROOT, "%.4e", value);
        }
        return String.format(Locale.ROOT, abs >= 1000 ? "%.2f" : "%.4f", value);
    }

    private static String abbreviate(String s) {
        return s.length() > METADATA_COLUMN_CHARS ? s.substring(0, METADATA_COLUMN_CHARS - 3) + "..." : s;
    }

    private static float[] parseVector(CommandLine cl, String text) {
        String[] parts = text.split(",", -1);
        float[] v = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Float.parseFloat(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new CommandLine.ParameterException(cl, "--vector: component " + i + " '" + parts[i].trim() + "' is not a number");
            }
            if (!Float.isFinite(v[i])) {
                throw new CommandLine.ParameterException(cl, "--vector: component " + i + " is " + v[i] + "; components must be finite");
            }
        }
        return v;
    }

    private static float[] readQuery(CommandLine cl, FromFile q) throws IOException {
        Options.existingFile(cl, "--query-file", q.file);
        if (q.index < 0) {
            throw new CommandLine.ParameterException(cl, "--query-index must be at least 0, was " + q.index);
        }
        DatasetFormat fmt = q.format != null ? q.format : DatasetFormat.guess(q.file);
        if (fmt == null) {
            throw new CommandLine.ParameterException(cl, "cannot tell the format of " + q.file + "; give --query-format fvecs, idx or jsonl");
        }
        try (RecordReader in = fmt.open(q.file, ReaderOptions.DEFAULT)) {
            long skipped = in.skip(q.index);
            VectorRecord r = skipped == q.index ? in.next() : null;
            if (r == null) {
                throw new CommandLine.ParameterException(cl, "--query-index " + q.index + ": " + q.file + " holds only " + skipped + " record(s)");
            }
            return r.embedding();
        }
    }
}
