package dev.agentdb.cli.testing;

import dev.agentdb.cli.AgentDbCli;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;

/** Runs the {@code agentdb} command in-process with captured output, and picks test databases. */
public final class Cli {
    /** Where the Debian package installs Fashion-MNIST. */
    public static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    private Cli() {
    }

    /**
     * One run of the command.
     *
     * @param exitCode the exit code
     * @param out standard output
     * @param err standard error
     */
    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
        }
    }

    /**
     * @param args the command line (progress bars are switched off)
     * @return exit code and output
     */
    public static Result run(String... args) {
        CommandLine cl = AgentDbCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--no-progress";
        int code = cl.execute(all);
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * @param dir the test's temporary directory
     * @return a fresh embedded SQLite database in it
     */
    public static String databaseUrl(Path dir) {
        return "sqlite:" + dir.resolve("test.db");
    }

    /**
     * Skips the calling test when Fashion-MNIST is not installed, except under {@code CI=true}, where it fails.
     */
    public static void assumeFashionMnist() {
        if (Files.isDirectory(FASHION_MNIST)) {
            return;
        }
        String message = FASHION_MNIST + " is absent: install the Debian package dataset-fashion-mnist";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + " (required under CI=true)");
        }
        org.junit.jupiter.api.Assumptions.abort(message + " to run this test");
    }
}
