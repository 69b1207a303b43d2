package dev.agentdb.cli.migrate;

import dev.agentdb.AgentDB;
import dev.agentdb.Limits;
import dev.agentdb.VectorRecord;
import dev.agentdb.cli.ExitCodes;
import dev.agentdb.cli.testing.Cli;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code agentdb migrate} of a source holding a row outside AgentDB's value domain (issue 9, finding
 * 6), written the way an older version or plain SQL (AgentDB v1 code) writes it: the run stops with
 * exit code 6 naming the collection, the row and the field; the batches before it stay committed;
 * once the row is fixed, {@code --resume} finishes the migration and validation passes. To SQLite
 * and to PostgreSQL alike (PostgreSQL itself would refuse NUL with an error of its own).
 */
class MigrateRefusedRowIT {
    private static final int ROWS = 250;
    private static final int BATCH = 100;

    @TempDir
    Path dir;

    @RegisterExtension
    final FreshPostgresSchemas schemas = new FreshPostgresSchemas();

    static Stream<Arguments> badRows() {
        String deep100 = "{\"a\":".repeat(100) + "1" + "}".repeat(100);
        String deep1200 = "{\"a\":".repeat(1_200) + "1" + "}".repeat(1_200);
        List<Arguments> out = new ArrayList<>();
        for (String target : List.of("sqlite", "postgres")) {
            out.add(Arguments.of(target, "NUL in a value", "{\"k\":\"a\\u0000b\"}",
                    "the target refuses source row 'r150': metadata.k: must not contain the NUL character"));
            out.add(Arguments.of(target, "metadata 100 deep", deep100,
                    "the target refuses source row 'r150': metadata.a.a"));
            out.add(Arguments.of(target, "metadata 1,200 deep, which the source cannot read", deep1200,
                    "the source cannot read the row after id 'r149'"));
        }
        return out.stream();
    }

    /**
     * A row the target refuses, or the source cannot read, ends the run with exit 6 naming it; fixed,
     * the migration resumes and validates.
     *
     * @param target {@code sqlite} or {@code postgres}
     * @param what the kind of bad row
     * @param metadata the bad row's metadata, as JSON text written by plain SQL
     * @param named what the error says about the row
     * @throws SQLException when the plain SQL fails
     */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("badRows")
    void should_exit_6_naming_the_collection_and_row_keep_earlier_batches_and_resume_after_the_fix(String target, String what,
            String metadata, String named) throws SQLException {
        Path sourceFile = dir.resolve("source.db");
        String source = "sqlite:" + sourceFile;
        try (AgentDB db = AgentDB.open(source)) {
            List<VectorRecord> rows = new ArrayList<>();
            Random random = new Random(9); // distinct directions: exact searches have no ties for validation to break
            for (int i = 0; i < ROWS; i++) {
                float[] v = {(float) random.nextGaussian(), (float) random.nextGaussian(), (float) random.nextGaussian()};
                rows.add(VectorRecord.of(String.format("r%03d", i), v, Map.of("i", (long) i)));
            }
            db.defaultCollection().insertBatch(rows);
        }
        writeMetadata(sourceFile, "r150", metadata);
        String to = target.equals("sqlite") ? "sqlite:" + dir.resolve("target.db") : schemas.create();

        Cli.Result refused = Cli.run("migrate", "--from", source, "--to", to, "--batch-size", Integer.toString(BATCH));

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.ROW_REFUSED);
        assertThat(refused.err()).as(what).contains("agentdb migrate: error: collection 'vectors': " + named)
                .contains("Fix or delete the row in the source, then resume with:").contains(" --resume")
                .doesNotContain("internal error");
        if (what.contains("100 deep")) {
            assertThat(refused.err()).contains("nested deeper than the limit of " + Limits.MAX_METADATA_DEPTH + " levels");
        }
        try (AgentDB t = AgentDB.open(to)) {
            assertThat(t.defaultCollection().count()).as("the batches before the row").isEqualTo(BATCH);
        }

        writeMetadata(sourceFile, "r150", "{\"i\":150}");
        Cli.Result resumed = Cli.run("migrate", "--from", source, "--to", to, "--batch-size", Integer.toString(BATCH), "--resume");

        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(resumed.out()).contains("Validation passed.");
        try (AgentDB t = AgentDB.open(to)) {
            assertThat(t.defaultCollection().count()).isEqualTo(ROWS);
            assertThat(t.defaultCollection().get("r150").orElseThrow().metadata()).containsEntry("i", 150L);
        }
    }

    /** Writes a row's metadata with plain SQL into the v1 table, as AgentDB v1 code (or an older version) would. */
    private static void writeMetadata(Path file, String id, String json) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             PreparedStatement ps = c.prepareStatement("UPDATE vectors SET metadata = ? WHERE id = ?")) {
            ps.setString(1, json);
            ps.setString(2, id);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }
}
