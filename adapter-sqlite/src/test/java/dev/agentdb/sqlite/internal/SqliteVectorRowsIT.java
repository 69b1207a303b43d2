package dev.agentdb.sqlite.internal;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionSpec;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SqliteVectorRows#scanKeys} gives every row's rowid and id exactly as a row-by-row read
 * does, whatever the ids and the rowids (negative ones included).
 */
class SqliteVectorRowsIT {
    private static final String[] IDS = {
        "plain", "quote\"d", "single'quote", "back\\slash\\\\", "comma,colon:1,2:", "ünïcödé ß", "emoji 😀🧪👩‍👩‍👧",
        "tab\tnew\nline\r", "[\"json\",{}]", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "x".repeat(500), "12,3:",
    };

    @TempDir
    Path dir;

    @Test
    void should_give_every_rowid_and_id_as_stored() throws SQLException {
        Path file = dir.resolve("keys.db");
        try (AgentDB db = AgentDB.open("sqlite:" + file)) {
            VectorCollection c = db.createCollection("docs", CollectionSpec.builder(2).build());
            List<VectorRecord> batch = new ArrayList<>();
            for (int i = 0; i < 3_000; i++) {
                batch.add(VectorRecord.of(IDS[i % IDS.length] + "#" + i, new float[] {i, 1}, Map.of()));
            }
            c.insertBatch(batch);
            db.createCollection("empty", CollectionSpec.builder(2).build());
        }
        CollectionTable table = CollectionTable.of("docs");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO " + table.quoted() + " (rowid, id, embedding, metadata, norm, timestamp) "
                        + "SELECT -5, 'negative rowid', embedding, metadata, norm, timestamp FROM " + table.quoted() + " LIMIT 1");
            }
            List<String> expected = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT rowid, id FROM " + table.quoted())) {
                while (rs.next()) {
                    expected.add(rs.getLong(1) + " " + rs.getString(2));
                }
            }
            List<String> read = new ArrayList<>();
            new SqliteVectorRows(c, table).scanKeys((key, id) -> read.add(key + " " + id));

            assertThat(read).containsExactlyInAnyOrderElementsOf(expected).hasSize(3_001).contains("-5 negative rowid");
            List<String> none = new ArrayList<>();
            new SqliteVectorRows(c, CollectionTable.of("empty")).scanKeys((key, id) -> none.add(id));
            assertThat(none).isEmpty();
        }
    }
}
