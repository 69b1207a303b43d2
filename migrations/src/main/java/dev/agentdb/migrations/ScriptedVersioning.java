package dev.agentdb.migrations;

import dev.agentdb.AgentDBException;
import dev.agentdb.BackendUnavailableException;
import dev.agentdb.ConflictException;

import java.util.List;

/**
 * {@link SchemaVersioning} without JDBC, for backends that Flyway cannot reach (Cloudflare D1 over
 * HTTP, MongoDB): the same scripts ({@link SchemaScripts}, Flyway's naming), applied in version
 * order by the backend ({@link Applier}) and recorded by it ({@link History}) as Flyway records them
 * (version, description, script, checksum, success). A script whose recorded checksum differs from
 * the shipped one is refused, as Flyway's validation does; a failed script stops the run, and it
 * runs again next time (a backend whose scripts are not transactional writes them to be re-runnable).
 *
 * <p>Thread-safe when the history and applier are; a backend serialises concurrent migrations (D1:
 * one request at a time per migration; MongoDB: a lock document).
 */
public final class ScriptedVersioning implements SchemaVersioning {

    /** Where a backend records which scripts ran. */
    public interface History {
        /**
         * @return the applied scripts, any order; empty when none or when the history does not exist yet
         * @throws BackendUnavailableException when the backend cannot be reached
         */
        List<Applied> applied();

        /**
         * Records a script that ran successfully (creating the history when needed).
         *
         * @param script the script
         * @throws BackendUnavailableException when the backend cannot be reached
         */
        void record(SchemaScripts.Script script);
    }

    /** Runs one script's statements on a backend. */
    @FunctionalInterface
    public interface Applier {
        /**
         * @param script the script to run
         * @throws RuntimeException when it fails (the run stops; nothing is recorded for it)
         */
        void apply(SchemaScripts.Script script);
    }

    /**
     * A recorded script.
     *
     * @param version its version
     * @param checksum the checksum recorded when it ran
     */
    public record Applied(int version, int checksum) {
    }

    private final SchemaScripts scripts;
    private final History history;
    private final Applier applier;

    /**
     * @param scripts the backend's scripts
     * @param history where it records what ran
     * @param applier how it runs a script
     */
    public ScriptedVersioning(SchemaScripts scripts, History history, Applier applier) {
        this.scripts = scripts;
        this.history = history;
        this.applier = applier;
    }

    @Override
    public int latestVersion() {
        return scripts.latestVersion();
    }

    @Override
    public int currentVersion() {
        int best = 0;
        for (Applied a : history.applied()) {
            best = Math.max(best, a.version());
        }
        return best;
    }

    /**
     * @return the version after migrating
     * @throws ConflictException when the stored version is newer, or a recorded script's checksum
     *         differs from the shipped script (it was changed after it ran)
     * @throws AgentDBException naming the script when one fails
     */
    @Override
    public int migrate() {
        List<Applied> applied = history.applied();
        int current = 0;
        for (Applied a : applied) {
            current = Math.max(current, a.version());
        }
        SchemaVersioning.refuseNewer(current, latestVersion());
        for (SchemaScripts.Script s : scripts.load()) {
            Applied done = applied.stream().filter(a -> a.version() == s.version()).findFirst().orElse(null);
            if (done != null) {
                if (done.checksum() != s.checksum()) {
                    throw new ConflictException("schema script " + s.name() + " was changed after it ran (checksum " + done.checksum()
                            + " recorded, " + s.checksum() + " shipped); restore it, or repair the history");
                }
                continue;
            }
            try {
                applier.apply(s);
            } catch (RuntimeException e) {
                throw new AgentDBException("schema script " + s.name() + " failed: " + e.getMessage(), e);
            }
            history.record(s);
        }
        return latestVersion();
    }
}
