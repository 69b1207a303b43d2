package dev.agentdb.mongodb;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import dev.agentdb.AgentDB;
import dev.agentdb.CollectionSpec;
import dev.agentdb.Metric;
import dev.agentdb.VectorRecord;
import org.bson.Document;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write lease of a collection left by a process that died (as after {@code kill -9}): a writer of the same
 * machine and pid namespace takes it over at once when the holder's process no longer runs, and waits for the lease
 * to run out when it still runs. The lease documents are written by hand in the holder's format
 * ({@code <uuid> <boot id>/<pid namespace inode> <pid>}); Linux only (skipped without {@code /proc}).
 */
class MongoLeaseTakeoverIT {
    @RegisterExtension
    static final MongoTestSupport SUPPORT = MongoTestSupport.of("MONGODB");

    @Test
    void should_take_over_at_once_the_lease_of_a_dead_process_of_this_machine() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long elapsed = writeUnderForeignLease(gone.pid(), 60_000);
        assertThat(elapsed).as("ms to write; waiting for the lease would take 30 s and fail").isLessThan(10_000);
    }

    @Test
    void should_wait_for_the_lease_of_a_running_process_of_this_machine_to_run_out() throws Exception {
        long running = ProcessHandle.current().parent().orElseThrow().pid();
        long elapsed = writeUnderForeignLease(running, 2_000);
        assertThat(elapsed).as("ms to write: the lease ran 2 s").isGreaterThanOrEqualTo(1_500);
    }

    /** Puts a lease of {@code pid} running {@code leaseMs} on a new collection, then writes to it; returns the ms the write took. */
    private static long writeUnderForeignLease(long pid, long leaseMs) throws Exception {
        Path boot = Path.of("/proc/sys/kernel/random/boot_id");
        Assumptions.assumeTrue(Files.isReadable(boot), "no /proc: leases are never taken over");
        String machine = Files.readString(boot).trim() + "/"
                + Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString().replaceAll("[^0-9]", "");
        String url = SUPPORT.newDatabaseUrl();
        try (AgentDB db = AgentDB.open(url); MongoClient client = MongoClients.create(url)) {
            db.createCollection("c", CollectionSpec.of(2, Metric.L2));
            MongoCollection<Document> leases = client.getDatabase(url.substring(url.lastIndexOf('/') + 1)).getCollection("agentdb_index_versions");
            long version = leases.find(new Document("_id", "c")).first().get("version", Number.class).longValue();
            String holder = UUID.randomUUID() + " " + machine + " " + pid;
            assertThat(leases.updateOne(new Document("_id", "c"), new Document("$set",
                    new Document("owner", holder).append("until", System.currentTimeMillis() + leaseMs))).getModifiedCount()).isOne();
            long start = System.nanoTime();
            db.adapter().insertBatch("c", List.of(new VectorRecord("a", new float[] {1, 2}, Map.of(), null, 1L)));
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            Document after = leases.find(new Document("_id", "c")).first();
            assertThat(after.get("owner")).as("handed back").isNull();
            assertThat(after.get("version", Number.class).longValue()).isEqualTo(version + 1);
            assertThat(db.adapter().count("c", null)).isOne();
            return elapsed;
        }
    }
}
