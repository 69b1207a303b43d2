package dev.agentdb.benchmarks;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionStats;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.VectorCollection;
import dev.agentdb.internal.VectorCodec;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.mysql.internal.MysqlSetup;
import dev.agentdb.mysql.internal.MysqlUrl;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Times the same k-NN query (k = 10) on MariaDB 11.7+'s {@code VECTOR INDEX} through AgentDB and
 * through bare JDBC: with MySQL Connector/J and MariaDB Connector/J at their default settings (what a
 * hand-written client gets), and with the adapter's own driver and settings
 * ({@link MysqlSetup#driverProperties}: for {@code mariadb:} URLs MariaDB Connector/J with the binary
 * protocol), which is the comparison for what the adapter adds per query; and the statement the
 * adapter sends, through that same bare connection, to tell the cost of its SQL from the cost of its
 * Java. The bare query: {@code SET SESSION mhnsw_ef_search = ef} once per connection, then
 * {@code SELECT id, metadata, VEC_DISTANCE_EUCLIDEAN(embedding, ?) AS d FROM fashion_mnist ORDER BY d
 * LIMIT 10}, the vector bound as little-endian float32 bytes, the rows read as text and a double.
 *
 * <p>Run after {@code agentdb bench --db URL} has loaded the {@code fashion_mnist} collection on the
 * native index: {@code java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar
 * dev.agentdb.benchmarks.MariadbJdbcComparison URL [queries] [rounds]}, e.g.
 * {@code mariadb://agent:agentpw@127.0.0.1:13307/bench 500 7}. Every path first runs
 * {@value #WARM_UP_QUERIES} queries untimed (JIT warm-up), then per efSearch one untimed pass and
 * {@code rounds} timed rounds in rotated order ({@link QueryTimer#rounds}). Prints, per efSearch,
 * queries per second and p50 latency (ms) of each path (the median round), single thread; the
 * ratio of AgentDB's time to each bare path's, as the median of the rounds' ratios; and the client
 * thread's CPU time per query (µs) of AgentDB and of the bare query with the adapter's settings,
 * which the server's share of a shared machine does not blur.
 */
public final class MariadbJdbcComparison {
    private static final int K = 10;
    private static final int[] EF_SEARCH = {16, 32, 64, 128};
    /** queries each path runs before anything is timed: C2 compiles a method called once per search after about 15,000 calls */
    private static final int WARM_UP_QUERIES = 20_000;

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
        Properties adapterSettings = MysqlSetup.driverProperties(AgentDBConfig.of(args[0]), url);
        try (AgentDB db = AgentDB.open(args[0]);
             Connection connectorJ = DriverManager.getConnection(connectorJUrl, url.user(), url.password());
             Connection mariadbDriver = DriverManager.getConnection(mariadbJdbc, url.user(), url.password());
             Connection sameSettings = DriverManager.getConnection(url.jdbcUrl(), adapterSettings)) {
            VectorCollection images = db.collection("fashion_mnist");
            CollectionStats stats = images.stats();
            String function = stats.metric() == Metric.COSINE ? "VEC_DISTANCE_COSINE" : "VEC_DISTANCE_EUCLIDEAN";
            System.out.printf(Locale.ROOT, "%s; %d queries, k=%d, one thread; collection of %,d"
                    + " vectors, index %s; drivers: %s %s and %s %s%n", db.health().detail(), count, K,
                    stats.count(), stats.indexImplementation(), connectorJ.getMetaData().getDriverName(),
                    connectorJ.getMetaData().getDriverVersion(), mariadbDriver.getMetaData().getDriverName(),
                    mariadbDriver.getMetaData().getDriverVersion());
            adapterSettings.remove("password");
            System.out.println("the adapter's driver: " + (url.mariadbDriver() ? "MariaDB Connector/J" : "MySQL Connector/J")
                    + ", its settings: " + new TreeMap<>(adapterSettings));
            QueryTimer.Query[] paths = new QueryTimer.Query[5];
            int[] efOf = new int[1];
            paths[0] = q -> images.search(SearchRequest.builder(q).k(K).efSearch(efOf[0]).build());
            paths[1] = q -> rawSearch(connectorJ, function, q);
            paths[2] = q -> rawSearch(mariadbDriver, function, q);
            paths[3] = q -> rawSearch(sameSettings, function, q);
            paths[4] = q -> adapterStatements(sameSettings, function, q);
            Connection[] bare = {connectorJ, mariadbDriver, sameSettings};
            // the JIT compiles the adapter's deeper call chain later than a bare loop: warm every path first
            efOf[0] = EF_SEARCH[0];
            setEf(bare, EF_SEARCH[0]);
            for (int done = 0; done < WARM_UP_QUERIES; done += queries.length) {
                for (QueryTimer.Query path : paths) {
                    QueryTimer.run(queries, path);
                }
            }
            System.out.printf(Locale.ROOT, "warm-up: %,d queries per path; then per efSearch one untimed pass per path and %d rounds,"
                    + " the paths in rotated order; q/s and p50 of the median round, time ratios the median of the rounds' ratios%n",
                    Math.max(WARM_UP_QUERIES, queries.length), rounds);
            System.out.println("efSearch  AgentDB q/s  p50 ms | bare: Connector/J q/s  p50 ms  MariaDB driver q/s  p50 ms"
                    + "  adapter's driver and settings q/s  p50 ms | AgentDB time / bare: Connector/J  MariaDB driver"
                    + "  adapter's driver and settings | adapter's SQL q/s | client CPU us/q: AgentDB  bare, adapter's settings");
            for (int ef : EF_SEARCH) {
                efOf[0] = ef;
                setEf(bare, ef);
                for (QueryTimer.Query path : paths) {
                    QueryTimer.run(queries, path);
                }
                QueryTimer.Pass[][] passes = QueryTimer.rounds(queries, rounds, paths);
                QueryTimer.Pass a = QueryTimer.median(passes[0]);
                QueryTimer.Pass c = QueryTimer.median(passes[1]);
                QueryTimer.Pass m = QueryTimer.median(passes[2]);
                QueryTimer.Pass same = QueryTimer.median(passes[3]);
                QueryTimer.Pass l = QueryTimer.median(passes[4]);
                System.out.printf(Locale.ROOT, "%8d  %11.1f  %6.3f | %21.1f  %6.3f  %18.1f  %6.3f  %33.1f  %6.3f | %32.2f  %14.2f  %29.2f |"
                                + " %17.1f | %24.1f  %23.1f%n", ef,
                        a.qps(), a.p50Ms(), c.qps(), c.p50Ms(), m.qps(), m.p50Ms(), same.qps(), same.p50Ms(),
                        QueryTimer.medianRatio(passes[0], passes[1]), QueryTimer.medianRatio(passes[0], passes[2]),
                        QueryTimer.medianRatio(passes[0], passes[3]), l.qps(), medianCpu(passes[0]), medianCpu(passes[3]));
            }
        }
    }

    /** @return the median client CPU time per query over the rounds, µs */
    private static double medianCpu(QueryTimer.Pass[] passes) {
        double[] cpu = Arrays.stream(passes).mapToDouble(QueryTimer.Pass::cpuMicros).sorted().toArray();
        return cpu[cpu.length / 2];
    }

    private static void setEf(Connection[] connections, int ef) throws SQLException {
        for (Connection c : connections) {
            try (Statement s = c.createStatement()) {
                s.execute("SET SESSION mhnsw_ef_search = " + ef); // a number of this program
            }
        }
    }

    /**
     * The statement the adapter sends for one unfiltered search, through the adapter's driver and settings bare (the
     * session's ef is already set, as the adapter's pooled sessions keep theirs): the k + 1 closest rows
     * with the server's distance (no tie at the k-th place here, and no row near enough to a row kept
     * scaled for the second statement).
     */
    private static void adapterStatements(Connection c, String function, float[] q) throws SQLException {
        boolean cosine = function.equals("VEC_DISTANCE_COSINE");
        String distance = function + "(t.embedding, ?)";
        try (PreparedStatement ps = c.prepareStatement("SELECT t.id, t.metadata, t.text, t.deep, t.raw"
                + (cosine ? ", IF(" + distance + " > 0 AND " + distance + " <= 2, NULL, CAST(t.embedding AS BINARY))" : "")
                + ", " + distance + " AS d FROM fashion_mnist t"
                + " ORDER BY d LIMIT " + (K + 1))) {
            byte[] vector = VectorCodec.encode(q);
            for (int i = 1; i <= (cosine ? 3 : 1); i++) {
                ps.setBytes(i, vector);
            }
            readAll(ps);
        }
    }

    private static void readAll(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            int distance = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                rs.getString(1);
                rs.getString(2);
                rs.getDouble(distance);
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
