import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import java.util.concurrent.CountDownLatch;

/**
 * The MongoDB stand-in of the integration tests: mongo-java-server (an in-JVM server speaking
 * MongoDB's wire protocol, memory backend: data lives until the process ends) on 127.0.0.1. Run as
 * a single-file source program by scripts/backends.sh:
 * {@code java -cp '<jars>/*' scripts/mongodb/MongoStandIn.java [port]}; the port defaults to
 * {@code AGENTDB_MONGODB_PORT}, else 27018. It reports MongoDB 5.0's wire version (the driver 5.x
 * needs 4.2 or newer). Prints one line when it listens; stops on SIGTERM.
 */
public final class MongoStandIn {
    private MongoStandIn() {
    }

    public static void main(String[] args) throws InterruptedException {
        String env = System.getenv("AGENTDB_MONGODB_PORT");
        int port = Integer.parseInt(args.length > 0 ? args[0] : env != null && !env.isBlank() ? env.trim() : "27018");
        MongoServer server = new MongoServer(new MemoryBackend().version(ServerVersion.MONGO_5_0));
        server.bind("127.0.0.1", port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdownNow();
            stopped.countDown();
        }, "mongo-stand-in-shutdown"));
        System.out.println("MongoStandIn: mongo-java-server listening on 127.0.0.1:" + port);
        stopped.await();
    }
}
