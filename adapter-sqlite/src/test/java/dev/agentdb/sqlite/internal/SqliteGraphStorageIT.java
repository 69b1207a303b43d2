package dev.agentdb.sqlite.internal;

import dev.agentdb.AgentDB;
import dev.agentdb.hnsw.GraphCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SqliteGraphStorage#readNodes} reads the node rows in aggregated chunks: what it hands the
 * engine must be, byte for byte, what was written, whatever the ids, the neighbour bytes, the
 * tombstones and the chunk boundaries are; and a database the chunks do not apply to (UTF-16, gaps
 * in the ordinals) reads the same.
 */
class SqliteGraphStorageIT {
    private static final String[] IDS = {
        "plain", "quote\"d", "single'quote", "back\\slash\\\\", "comma,colon:1,2:", "ünïcödé ß", "emoji 😀🧪👩‍👩‍👧",
        "tab\tnew\nline\r", "nul\u0000inside", "[\"json\",{}]", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "", "x".repeat(2_000),
    };

    @TempDir
    Path dir;

    /** One node as the sink receives it, arrays as hex, so that lists of nodes compare by value. */
    private record Node(int node, String id, int level, boolean deleted, String tombstone, String neighbors) {
        static Node of(int node, String id, int level, boolean deleted, byte[] tombstone, byte[] neighbors) {
            HexFormat hex = HexFormat.of();
            return new Node(node, id, level, deleted, tombstone == null ? null : hex.formatHex(tombstone),
                    neighbors == null ? null : hex.formatHex(neighbors));
        }
    }

    private static Connection layout(Path file) {
        try (AgentDB db = AgentDB.open("sqlite:" + file)) {
            db.listCollections(); // the layout exists once the file is open
        }
        return connect(file);
    }

    private static Connection connect(Path file) {
        try {
            return DriverManager.getConnection("jdbc:sqlite:" + file);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes {@code count} nodes from ordinal {@code first}: tricky ids, levels 0 to 3 with real
     * encoded lists, or raw bytes (0x00, lone UTF-8 lead bytes, the element delimiters), and
     * tombstones with and without a kept vector.
     */
    private static List<Node> write(Connection c, String collection, int first, int count, long seed) {
        Random r = new Random(seed);
        List<Node> written = new ArrayList<>();
        try (SqliteGraphStorage g = new SqliteGraphStorage(c, collection)) {
            for (int i = 0; i < count; i++) {
                int node = first + i;
                String id = IDS[i % IDS.length] + "#" + collection + node;
                int level = r.nextInt(10) == 0 ? 1 + r.nextInt(3) : 0;
                byte[] neighbors;
                if (i % 7 == 3) {
                    neighbors = new byte[1 + r.nextInt(300)];
                    r.nextBytes(neighbors);
                    neighbors[0] = (byte) (i % 3 == 0 ? 0x00 : i % 3 == 1 ? 0xC3 : ':');
                } else {
                    int[][] lists = new int[level + 1][];
                    for (int layer = 0; layer <= level; layer++) {
                        lists[layer] = r.ints(r.nextInt(33), 0, first + count).toArray();
                    }
                    neighbors = GraphCodec.encode(lists);
                }
                boolean deleted = i % 50 == 7 || i % 50 == 8;
                byte[] tombstone = null;
                if (i % 50 == 7) {
                    tombstone = new byte[16];
                    r.nextBytes(tombstone);
                }
                g.writeNode(node, id, level, deleted, tombstone, neighbors);
                written.add(Node.of(node, id, level, deleted, tombstone, neighbors));
            }
        }
        return written;
    }

    /** Reads a collection's nodes, checking whether they came in chunks or row by row. */
    private static List<Node> read(Connection c, String collection, boolean chunked) {
        List<Node> read = new ArrayList<>();
        SqliteGraphStorage g = new SqliteGraphStorage(c, collection);
        g.readNodes((node, id, level, deleted, tombstone, neighbors) -> read.add(Node.of(node, id, level, deleted, tombstone, neighbors)));
        assertThat(g.rowByRowReads()).as("row-by-row reads").isEqualTo(chunked ? 0 : 1);
        return read;
    }

    @Test
    void should_read_every_node_as_written_across_chunks_of_two_collections() throws SQLException {
        try (Connection c = layout(dir.resolve("g.db"))) {
            c.setAutoCommit(false);
            List<Node> small = write(c, "b", 0, 5, 2);
            List<Node> large = write(c, "a", 0, 2 * SqliteGraphStorage.CHUNK_NODES + 37, 1);
            List<Node> exact = write(c, "c", 0, SqliteGraphStorage.CHUNK_NODES, 3);
            c.commit();

            assertThat(read(c, "a", true)).containsExactlyElementsOf(large);
            assertThat(read(c, "b", true)).containsExactlyElementsOf(small);
            assertThat(read(c, "c", true)).containsExactlyElementsOf(exact);
            assertThat(read(c, "none", true)).isEmpty();
            assertThat(large).anyMatch(n -> n.deleted() && n.tombstone() != null).anyMatch(n -> n.deleted() && n.tombstone() == null)
                    .anyMatch(n -> n.level() == 3);
        }
    }

    @Test
    void should_read_the_nodes_around_gaps_in_the_ordinals() throws SQLException {
        try (Connection c = layout(dir.resolve("gaps.db"))) {
            List<Node> written = new ArrayList<>(write(c, "g", 0, 10, 4));
            written.addAll(write(c, "g", 5 * SqliteGraphStorage.CHUNK_NODES + 3, 10, 5));
            written.addAll(write(c, "g", 9 * SqliteGraphStorage.CHUNK_NODES - 1, 2, 6));

            assertThat(read(c, "g", true)).containsExactlyElementsOf(written);
        }
    }

    @Test
    void should_read_a_utf16_database_row_by_row_with_the_same_result() throws SQLException {
        Path file = dir.resolve("utf16.db");
        try (Connection c = connect(file)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA encoding = 'UTF-16le'");
                s.execute("CREATE TABLE hnsw_graph (collection TEXT NOT NULL, node INTEGER NOT NULL, id TEXT NOT NULL, "
                        + "level INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, neighbors BLOB NOT NULL, "
                        + "PRIMARY KEY (collection, node)) WITHOUT ROWID");
                s.execute("CREATE TABLE hnsw_tombstones (collection TEXT NOT NULL, node INTEGER NOT NULL, vector BLOB NOT NULL, "
                        + "PRIMARY KEY (collection, node)) WITHOUT ROWID");
            }
            c.setAutoCommit(false);
            List<Node> written = write(c, "u", 0, SqliteGraphStorage.CHUNK_NODES + 5, 7);
            c.commit();

            assertThat(read(c, "u", false)).containsExactlyElementsOf(written);
        }
    }
}
