package dev.agentdb.cli;

import dev.agentdb.AgentDBException;
import dev.agentdb.cli.io.FashionMnist;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * The {@code agentdb} command. Run it with {@code bin/agentdb} or
 * {@code java --add-modules jdk.incubator.vector -jar migrate-cli/target/agentdb.jar}.
 *
 * <p>Embedding: {@link #commandLine()} returns a configured {@link CommandLine}; call
 * {@code execute(args)} on it (after {@code setOut}/{@code setErr} to capture output) to get the
 * exit code without exiting the JVM.
 */
@Command(name = "agentdb", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        scope = ScopeType.INHERIT, sortOptions = false, usageHelpAutoWidth = true,
        header = "AgentDB for the JVM: vector collections on embedded SQLite and other backends.",
        description = {"Imports vectors, searches them, shows statistics, benchmarks the ANN index, migrates between backends"
                + " and upgrades the AgentDB schema of a database in place.",
            "stats and search open databases read-only: they never create, convert or upgrade one.",
            "Databases are URLs: sqlite:./agent.db (embedded, the default), sqlite::memory:, and those of other"
                + " adapters on the class path.",
            "Start with: agentdb demo"},
        subcommands = {DemoCommand.class, ImportCommand.class, MigrateCommand.class, SearchCommand.class, StatsCommand.class,
            BenchCommand.class, UpgradeCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.OK_HELP, ExitCodes.FAILURE_HELP, ExitCodes.USAGE_HELP})
public final class AgentDbCli implements Runnable {
    /** System property the launcher sets to {@code true} when standard error is a terminal. */
    public static final String STDERR_TTY_PROPERTY = "agentdb.stderr.tty";

    private static boolean verbose;
    private static Boolean progress;

    @Spec
    private CommandSpec spec;

    /** Creates the command (picocli instantiates it). */
    public AgentDbCli() {
    }

    /**
     * @param value whether to log at debug level and print stack traces of errors
     */
    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Log at debug level and print stack traces of errors.")
    public void setVerbose(boolean value) {
        verbose = value;
        if (value) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
        }
    }

    /**
     * @param value whether to draw progress bars on standard error; null = only when it is a terminal
     */
    @Option(names = "--progress", negatable = true, scope = ScopeType.INHERIT,
            description = "Draw progress bars (count, rate, ETA) on standard error. Default: when it is a terminal.")
    public void setProgress(Boolean value) {
        progress = value;
    }

    /** @return whether progress bars are drawn: as asked, else when standard error (or the console) is a terminal */
    static boolean progressEnabled() {
        if (progress != null) {
            return progress;
        }
        return Boolean.getBoolean(STDERR_TTY_PROPERTY) || System.console() != null;
    }

    /** Without a subcommand: a usage error listing the commands. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: try 'agentdb demo' or 'agentdb help'");
    }

    /**
     * Runs the command and exits the JVM with its exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** @return a fresh, configured command line: case-insensitive enums, exit codes 1 (runtime) and 2 (usage) */
    public static CommandLine commandLine() {
        verbose = false;
        progress = null;
        CommandLine cl = new CommandLine(new AgentDbCli());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(AgentDbCli::handle);
        cl.setParameterExceptionHandler(AgentDbCli::usageError);
        return cl;
    }

    /** A usage error: the message and a pointer to the help (not the whole help), exit code 2. */
    private static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        err.println(name + ": " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + name + " --help' for more information.");
        err.flush();
        return ExitCodes.USAGE;
    }

    private static int handle(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        if (isExpected(ex)) {
            err.println(name + ": error: " + message(ex));
            if (verbose) {
                ex.printStackTrace(err);
            }
        } else {
            err.println(name + ": internal error: " + ex);
            ex.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.FAILURE;
    }

    private static boolean isExpected(Throwable ex) {
        return ex instanceof CliException || ex instanceof AgentDBException || ex instanceof IOException
                || ex instanceof UncheckedIOException || ex instanceof FashionMnist.DatasetMissingException;
    }

    private static String message(Throwable ex) {
        Throwable e = ex instanceof UncheckedIOException ? ex.getCause() : ex;
        if (e instanceof NoSuchFileException) {
            return "no such file: " + e.getMessage();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + e.getMessage();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
