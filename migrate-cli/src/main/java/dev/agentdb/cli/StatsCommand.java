package dev.agentdb.cli;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionInfo;
import dev.agentdb.CollectionStats;
import dev.agentdb.internal.Json;
import picocli.CommandLine;
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
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code agentdb stats}: every collection's size and shape. */
@Command(name = "stats", sortOptions = false,
        header = "Show every collection: count, dimension, metric, index parameters, bytes on disk, indexed count.",
        description = "Opens the database read-only: a missing file, a file of another program or one that needs"
                + " 'agentdb upgrade' is reported, never created or converted.",
        footer = {"%nExample:", "  agentdb stats --db sqlite:./agentdb-demo.db"})
public final class StatsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--db", required = true, paramLabel = "URL", description = "Database URL, e.g. sqlite:./agent.db")
    private String db;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    private boolean json;

    /** Creates the command (picocli instantiates it). */
    public StatsCommand() {
    }

    @Override
    public Integer call() throws IOException {
        CommandLine cl = spec.commandLine();
        PrintWriter out = cl.getOut();
        try (AgentDB database = Databases.openExisting(cl, db)) {
            List<CollectionStats> all = new ArrayList<>();
            for (CollectionInfo info : database.listCollections()) {
                all.add(database.collection(info.name()).stats());
            }
            Optional<Path> file = Databases.sqliteFile(db);
            long fileBytes = file.map(Databases::sqliteBytes).orElse(-1L);
            if (json) {
                Map<String, Object> root = new LinkedHashMap<>();
                root.put("url", db);
                root.put("backend", database.backendType().toString().toLowerCase(Locale.ROOT));
                root.put("schemaVersion", database.migrationVersion());
                file.ifPresent(f -> root.put("file", f.toString()));
                root.put("fileBytes", fileBytes);
                List<Map<String, Object>> rows = new ArrayList<>();
                for (CollectionStats s : all) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("name", s.name());
                    row.put("count", s.count());
                    row.put("dimension", s.dimension());
                    row.put("metric", s.metric().wireName());
                    row.put("index", BatchImporter.indexJson(s.index()));
                    row.put("bytesOnDisk", s.bytesOnDisk());
                    row.put("indexedCount", s.indexedCount());
                    row.put("indexImplementation", s.indexImplementation());
                    rows.add(row);
                }
                root.put("collections", rows);
                out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root));
            } else {
                out.printf("%s (%s, schema version %d)%s%n", db, database.backendType().toString().toLowerCase(Locale.ROOT), database.migrationVersion(),
                        fileBytes >= 0 ? ": " + bytes(fileBytes) + " on disk" : "");
                if (all.isEmpty()) {
                    out.println("  no collections");
                } else {
                    Table t = new Table("collection", ">count", ">dimension", "metric", "index", ">bytes on disk", ">indexed");
                    for (CollectionStats s : all) {
                        t.row(s.name(), String.format(Locale.ROOT, "%,d", s.count()), s.dimension(), s.metric().wireName(),
                                BatchImporter.describe(s.index()), s.bytesOnDisk() < 0 ? "n/a" : bytes(s.bytesOnDisk()),
                                String.format(Locale.ROOT, "%,d", s.indexedCount()));
                    }
                    t.print(out);
                }
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * @param n a size in bytes
     * @return it in B, KiB, MiB or GiB with one decimal
     */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
