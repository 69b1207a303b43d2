/**
 * The {@code agentdb} command (picocli): {@code import}, {@code search}, {@code stats},
 * {@code bench} and {@code demo}. The entry point is {@link dev.agentdb.cli.AgentDbCli}; the
 * runnable jar is {@code migrate-cli/target/agentdb.jar}, started by {@code bin/agentdb}.
 *
 * <p>Exit codes: {@value dev.agentdb.cli.ExitCodes#OK} success, {@value dev.agentdb.cli.ExitCodes#FAILURE}
 * runtime error (malformed data, missing data set, database error),
 * {@value dev.agentdb.cli.ExitCodes#USAGE} invalid command line.
 */
package dev.agentdb.cli;
