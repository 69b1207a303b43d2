package dev.agentdb.benchmarks;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionStats;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.VectorCollection;
import dev.agentdb.internal.VectorCodec;
import dev.agentdb.mysql.internal.MysqlUrl;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;

/**
 * Times the same k-NN query (k = 10) on MariaDB 11.7+'s {@code VECTOR INDEX} through AgentDB and
 * through bare JDBC, with MySQL Connector/J and with MariaDB Connector/J (the adapter's driver for {@code mariadb:} URLs), to
 * show what the adapter adds per query and whether MariaDB's own driver is faster; and the statements
 * the adapter sends, through bare Connector/J, to tell the cost of its SQL from the cost of its Java. The bare query is
 * what a hand-written client sends: {@code SET SESSION mhnsw_ef_search = ef} once per connection, then
 * {@code SELECT id, metadata, VEC_DISTANCE_EUCLIDEAN(embedding, ?) AS d FROM fashion_mnist ORDER BY d
 * LIMIT 10}, the vector bound as little-endian float32 bytes.
 *
 * <p>Run after {@code agentdb bench --db URL} has loaded the {@code fashion_mnist} collection on the
 * native index: {@code java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar
 * dev.agentdb.benchmarks.MariadbJdbcComparison URL [queries] [rounds]}, e.g.
 * {@code mariadb://agent:agentpw@127.0.0.1:13307/bench 1000 3}. Prints, per efSearch, queries per
 * second and p50 latency (ms) of each path as the median of alternating rounds, single thread, and
 * the ratio of AgentDB's time to the bare Connector/J time.
 */
public final class MariadbJdbcComparison {
    private static final int K = 10;
    private static final int[] EF_SEARCH = {16, 32, 64, 128};

    private MariadbJdbcComparison() {
    }

    /**
     * @param args {@code URL [queries] [rounds]} (default 1,000 queries, 3 rounds)
     * @throws Exception when the dataset or the database cannot be read
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.out.println("usage: MariadbJdbcComparison URL [queries] [rounds]");
            return;
        }
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        if (!FashionMnist.available()) {
            System.out.println("Fashion-MNIST not found in " + FashionMnist.dir() + "; install dataset-fashion-mnist");
            return;
        }
        float[][] queries = FashionMnist.load(FashionMnist.TEST, count);
        MysqlUrl url = MysqlUrl.parse(args[0]);
        String connectorJUrl = url.jdbcUrl().replaceFirst("^jdbc:mariadb:", "jdbc:mysql:");
        String mariadbJdbc = connectorJUrl.replaceFirst("^jdbc:mysql:", "jdbc:mariadb:");
        try (AgentDB db = AgentDB.open(args[0]);
             Connection connectorJ = DriverManager.getConnection(connectorJUrl, url.user(), url.password());
             Connection mariadbDriver = DriverManager.getConnection(mariadbJdbc, url.user(), url.password())) {
            Connection adapterDriver = url.mariadbDriver() ? mariadbDriver : connectorJ;
            VectorCollection images = db.collection("fashion_mnist");
            CollectionStats stats = images.stats();
            String function = stats.metric() == Metric.COSINE ? "VEC_DISTANCE_COSINE" : "VEC_DISTANCE_EUCLIDEAN";
            System.out.printf(Locale.ROOT, "%s; %d queries, k=%d, one thread, median of %d alternating rounds; collection of %,d"
                    + " vectors, index %s; drivers: %s %s and %s %s%n", db.health().detail(), count, K,
                    rounds, stats.count(), stats.indexImplementation(), connectorJ.getMetaData().getDriverName(),
                    connectorJ.getMetaData().getDriverVersion(), mariadbDriver.getMetaData().getDriverName(),
                    mariadbDriver.getMetaData().getDriverVersion());
            System.out.println("the adapter's driver: " + (url.mariadbDriver() ? "MariaDB Connector/J" : "MySQL Connector/J"));
            System.out.println("efSearch  AgentDB q/s  p50 ms  Connector/J q/s  p50 ms  MariaDB driver q/s  p50 ms  AgentDB/Connector/J time"
                    + "  AgentDB/same driver time  adapter's SQL q/s");
            for (int ef : EF_SEARCH) {
                setEf(connectorJ, ef);
                setEf(mariadbDriver, ef);
                double[][] agentdb = new double[rounds][];
                double[][] cj = new double[rounds][];
                double[][] md = new double[rounds][];
                double[][] like = new double[rounds][];
                for (int r = 0; r < rounds; r++) {
                    agentdb[r] = QueryTimer.time(queries, q -> images.search(SearchRequest.builder(q).k(K).efSearch(ef).build()));
                    cj[r] = QueryTimer.time(queries, q -> rawSearch(connectorJ, function, q));
                    md[r] = QueryTimer.time(queries, q -> rawSearch(mariadbDriver, function, q));
                    like[r] = QueryTimer.time(queries, q -> adapterStatements(adapterDriver, function, q));
                }
                double[] a = median(agentdb);
                double[] c = median(cj);
                double[] m = median(md);
                double[] l = median(like);
                double same = url.mariadbDriver() ? m[0] : c[0];
                System.out.printf(Locale.ROOT, "%8d  %11.1f  %6.3f  %15.1f  %6.3f  %18.1f  %6.3f  %24.2f  %24.2f  %17.1f%n", ef, a[0], a[1], c[0], c[1],
                        m[0], m[1], c[0] / a[0], same / a[0], l[0]);
            }
        }
    }

    private static void setEf(Connection c, int ef) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION mhnsw_ef_search = " + ef); // a number of this program
        }
    }

    /** @return the round with the median queries per second */
    private static double[] median(double[][] rounds) {
        double[][] sorted = rounds.clone();
        Arrays.sort(sorted, (x, y) -> Double.compare(x[0], y[0]));
        return sorted[sorted.length / 2];
    }

    /**
     * The statements the adapter sends for one unfiltered search, through the adapter's driver bare (the
     * session's ef is already set, as the adapter's pooled sessions keep theirs): the k + 8 closest rows
     * with their embeddings (re-scored in Java), the rows kept scaled.
     */
    private static void adapterStatements(Connection c, String function, float[] q) throws SQLException {
        String select = "SELECT t.id, COALESCE(t.raw, CAST(t.embedding AS BINARY)), t.metadata, t.text, t.deep FROM fashion_mnist t";
        try (PreparedStatement ps = c.prepareStatement(select + " ORDER BY " + function + "(t.embedding, ?) LIMIT " + (K + 8))) {
            ps.setBytes(1, VectorCodec.encode(q));
            readAll(ps);
        }
        try (PreparedStatement ps = c.prepareStatement(select + " WHERE t.raw IS NOT NULL")) {
            readAll(ps);
        }
    }

    private static void readAll(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rs.getString(1);
                rs.getBytes(2);
                rs.getString(3);
            }
        }
    }

    private static void rawSearch(Connection c, String function, float[] q) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, metadata, " + function + "(embedding, ?) AS d FROM fashion_mnist"
                + " ORDER BY d LIMIT " + K)) {
            ps.setBytes(1, VectorCodec.encode(q));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rs.getString(1);
                    rs.getString(2);
                    rs.getDouble(3);
                }
            }
        }
    }
}
