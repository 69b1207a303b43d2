package dev.agentdb.sqlite;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionSpec;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** SQLite files for the read-only tests: AgentDB files, foreign files, plain SQL on them, checksums. */
final class SqliteFiles {
    /** Records in {@link #agentdbFile}'s collection {@code docs}. */
    static final int DOCS = 100;

    private SqliteFiles() {
    }

    /** @return the embedding of record {@code i} of {@link #agentdbFile} (4 dimensions) */
    static float[] vector(int i) {
        return new float[] {i, 1, i % 7, 2};
    }

    /**
     * Writes an AgentDB file, closed cleanly: collection {@code docs} (cosine, {@value #DOCS} records
     * {@code d0..}, metadata {@code {"i": i}}) whose graph is persisted and current.
     *
     * @param file where
     * @return the file
     */
    static Path agentdbFile(Path file) {
        try (AgentDB db = AgentDB.open("sqlite:" + file)) {
            VectorCollection docs = db.createCollection("docs", CollectionSpec.of(4, Metric.COSINE));
            List<VectorRecord> records = new ArrayList<>();
            for (int i = 0; i < DOCS; i++) {
                records.add(VectorRecord.of("d" + i, vector(i), Map.of("i", i)));
            }
            docs.insertBatch(records);
            docs.search(SearchRequest.of(vector(1), 3));
        }
        return file;
    }

    /**
     * Writes a SQLite file of another application (rollback journal, two tables).
     *
     * @param file where
     * @return the file
     */
    static Path foreignFile(Path file) {
        sql(file, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)", "CREATE TABLE tags (note INTEGER, tag TEXT)",
                "INSERT INTO notes (body) VALUES ('hello'), ('world')", "INSERT INTO tags VALUES (1, 'greeting')");
        return file;
    }

    /**
     * Runs statements on a file with plain JDBC (as another program would), creating it when missing.
     *
     * @param file the file
     * @param statements SQL, run in order
     */
    static void sql(Path file, String... statements) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param file a file
     * @param query a query returning one text or number
     * @return its first column of its first row, as text
     */
    static String scalar(Path file, String query) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param v components
     * @return them as little-endian float32, as AgentDB and v1 store embeddings
     */
    static byte[] littleEndian(float... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return b.array();
    }

    /**
     * @param file a file
     * @return the SHA-256 of its bytes, in hex
     */
    static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param file a database file
     * @return its {@code -wal} and {@code -shm} companions that exist, with their sizes, e.g. {@code [x.db-wal=0]}
     */
    static List<String> companions(Path file) {
        List<String> out = new ArrayList<>();
        for (String suffix : new String[] {"-wal", "-shm", "-journal"}) {
            Path p = Path.of(file + suffix);
            if (Files.exists(p)) {
                try {
                    out.add(p.getFileName() + "=" + Files.size(p));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return out;
    }
}
