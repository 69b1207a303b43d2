package dev.agentdb.benchmarks;

import dev.agentdb.AgentDB;
import dev.agentdb.SearchRequest;
import dev.agentdb.VectorCollection;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Times the same k-NN query (k = 10) through AgentDB and through bare JDBC on PostgreSQL +
 * pgvector, to show what the adapter adds per query. The bare query is what a hand-written
 * pgvector client sends: {@code set_config('hnsw.ef_search', ef, true)} then
 * {@code SELECT id, metadata, embedding <-> ? FROM fashion_mnist ORDER BY embedding <-> ? LIMIT 10}
 * in one transaction, the vector bound as pgvector text.
 *
 * <p>Run after {@code agentdb bench --db URL} has loaded the {@code fashion_mnist} collection:
 * {@code java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar
 * dev.agentdb.benchmarks.PostgresJdbcComparison AGENTDB_URL JDBC_URL [queries]}, e.g.
 * {@code postgresql://postgres@127.0.0.1:15432/agentdb?schema=bench} and
 * {@code jdbc:postgresql://127.0.0.1:15432/agentdb?user=postgres&currentSchema=bench}. Prints
 * queries per second and p50 latency (ms) for efSearch 16, 32, 64, 128, single thread.
 */
public final class PostgresJdbcComparison {
    private static final int K = 10;
    private static final int[] EF_SEARCH = {16, 32, 64, 128};

    private PostgresJdbcComparison() {
    }

    /**
     * @param args {@code AGENTDB_URL JDBC_URL [queries]} (default 1,000 queries)
     * @throws Exception when the dataset or the database cannot be read
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.out.println("usage: PostgresJdbcComparison AGENTDB_URL JDBC_URL [queries]");
            return;
        }
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        if (!FashionMnist.available()) {
            System.out.println("Fashion-MNIST not found in " + FashionMnist.dir() + "; install dataset-fashion-mnist");
            return;
        }
        float[][] queries = FashionMnist.load(FashionMnist.TEST, count);
        try (AgentDB db = AgentDB.open(args[0]); Connection raw = DriverManager.getConnection(args[1])) {
            VectorCollection images = db.collection("fashion_mnist");
            raw.setAutoCommit(false);
            System.out.printf(Locale.ROOT, "%d queries, k=%d, one thread; collection of %,d vectors%n", count, K, images.count());
            System.out.println("efSearch  AgentDB q/s  p50 ms   JDBC q/s  p50 ms  AgentDB/JDBC time");
            for (int ef : EF_SEARCH) {
                double[] viaAgentDb = QueryTimer.time(queries, q -> images.search(SearchRequest.builder(q).k(K).efSearch(ef).build()));
                double[] viaJdbc = QueryTimer.time(queries, q -> rawSearch(raw, q, ef));
                System.out.printf(Locale.ROOT, "%8d  %11.1f  %6.3f  %9.1f  %6.3f  %17.2f%n", ef, viaAgentDb[0], viaAgentDb[1],
                        viaJdbc[0], viaJdbc[1], viaJdbc[0] / viaAgentDb[0]);
            }
        }
    }

    private static void rawSearch(Connection c, float[] q, int ef) throws SQLException {
        String vector = Arrays.toString(q).replace(" ", "");
        try (PreparedStatement set = c.prepareStatement("SELECT set_config('hnsw.ef_search', ?, true)")) {
            set.setString(1, Integer.toString(ef));
            set.executeQuery().close();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id, metadata, embedding <-> ?::vector AS distance "
                + "FROM fashion_mnist ORDER BY embedding <-> ?::vector LIMIT " + K)) {
            ps.setString(1, vector);
            ps.setString(2, vector);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rs.getString(1);
                    rs.getString(2);
                }
            }
        }
        c.commit();
    }
}
