package dev.agentdb.cli;

import dev.agentdb.AgentDB;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.InvalidInputException;
import dev.agentdb.ReadOnlyException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code agentdb upgrade}: brings an existing database's AgentDB schema to this version, in place.
 * The commands that read ({@code stats}, {@code search}, the source of {@code migrate}) open
 * databases read-only and refuse one that needs this, pointing here.
 */
@Command(name = "upgrade", sortOptions = false,
        header = "Upgrade an existing database's AgentDB schema to this version, in place, keeping every row.",
        description = {"Opens an existing database read-write (a SQLite file is never created) and brings its AgentDB schema"
                + " to this version: an AgentDB 0.1.0 SQLite file (layout 1; every row and graph node kept), an AgentDB v1"
                + " SQLite file (its vectors table becomes the default collection, unchanged), a PostgreSQL schema of an"
                + " older version. A current database is left as it is. A database without an AgentDB schema (a SQLite file"
                + " of another program) is refused: 'agentdb import' adds collections to it.",
            "stats, search and the source side of migrate open databases read-only and never upgrade them."},
        footer = {"%nExamples:", "  agentdb upgrade --db sqlite:./agent.db",
            "  agentdb upgrade --db 'postgresql://app@db:5432/agent?schema=agent'"})
public final class UpgradeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--db", required = true, paramLabel = "URL", description = "Database URL, e.g. sqlite:./agent.db")
    private String db;

    /** Creates the command (picocli instantiates it). */
    public UpgradeCommand() {
    }

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        PrintWriter out = cl.getOut();
        String shown = AgentDBConfig.redact(db);
        String needed;
        try (AgentDB current = Databases.openExisting(cl, db)) {
            out.printf("%s: AgentDB schema version %d is current; nothing to do%n", shown, current.migrationVersion());
            out.flush();
            return ExitCodes.OK;
        } catch (ReadOnlyException e) {
            needed = e.operation(); // what a read-only open refused: this command's job
        }
        AgentDBConfig config;
        try {
            config = AgentDBConfig.builder(Databases.mustExist(db)).autoMigrate(false).build();
        } catch (InvalidInputException e) {
            throw new CommandLine.ParameterException(cl, "--db: " + e.getMessage(), e, null, db);
        }
        try (AgentDB database = AgentDB.open(config)) {
            int before = database.migrationVersion();
            int after = database.adapter().runMigration();
            out.printf("%s: %s: done, AgentDB schema version %d -> %d, every row kept%n", shown, needed, before, after);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
