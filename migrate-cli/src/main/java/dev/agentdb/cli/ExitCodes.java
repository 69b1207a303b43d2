package dev.agentdb.cli;

/** The exit codes of the {@code agentdb} command, listed in every command's help. */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** A runtime error: malformed input data, a missing data set or file, a database error. */
    public static final int FAILURE = 1;
    /** An invalid command line: unknown option, missing or malformed argument (picocli's convention). */
    public static final int USAGE = 2;

    /** {@code migrate}: the copy does not match the source (counts, a row's checksum, or search overlap). */
    public static final int VALIDATION_FAILED = 3;
    /** {@code migrate}: the source or the target cannot be reached or opened. */
    public static final int BACKEND_UNAVAILABLE = 4;
    /**
     * {@code migrate} and {@code import}: stopped by Ctrl-C (or SIGTERM) after a committed batch;
     * {@code migrate} resumes with {@code --resume}, {@code import} continues with {@code --skip}
     * (both print the command).
     */
    public static final int INTERRUPTED = 5;
    /**
     * {@code migrate}: a source row cannot be copied. The target refuses it (a value outside
     * AgentDB's domain, such as NUL or metadata nested deeper than
     * {@link dev.agentdb.Limits#MAX_METADATA_DEPTH}, written by an older version or by plain SQL), or
     * the source cannot read it. The message names the collection, the id and the field; every batch
     * before it is committed: fix or delete the row in the source, then resume with {@code --resume}.
     */
    public static final int ROW_REFUSED = 6;

    /** Help line for {@link #OK} (picocli {@code exitCodeList} format). */
    static final String OK_HELP = "0:success";
    /** Help line for {@link #FAILURE}. */
    static final String FAILURE_HELP = "1:runtime error: malformed input data (the message names the file and the"
            + " line or byte offset), data set not installed, database error (also: a --db that stats or search cannot"
            + " read as it is: no AgentDB database, or one that needs 'agentdb upgrade')";
    /** Help line for {@link #USAGE}. */
    static final String USAGE_HELP = "2:invalid command line: unknown option, missing or malformed argument,"
            + " input file not found (also the --db file of stats, search and upgrade, which never create one)";

    private ExitCodes() {
    }
}
