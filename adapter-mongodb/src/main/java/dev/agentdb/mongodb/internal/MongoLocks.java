package dev.agentdb.mongodb.internal;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import dev.agentdb.BackendUnavailableException;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Write leases and versions, one document per collection in {@code agentdb_index_versions}:
 * {@code {_id: collection, version: NumberLong, owner: "<adapter>", until: NumberLong(ms)}}.
 *
 * <p>A writer (an adapter of any process) takes the lease with one atomic
 * {@code findOneAndUpdate} on a document whose owner is null or whose lease ran out, writes, and
 * hands it back with the version moved on; so the writers of a collection queue up across processes,
 * as MySQL's {@code SELECT ... FOR UPDATE} makes them, and an adapter whose in-memory graph mirrors an
 * older version reloads it. A lease runs {@value #LEASE_MS} ms and is renewed every
 * {@value #RENEW_MS} ms while it is held (a daemon thread per adapter), so a long write keeps it; a
 * process that dies holding one blocks that collection's writers until it runs out, except those on the
 * same machine: the owner names the adapter's process ({@code <uuid> <machine> <pid>}, the machine being
 * Linux's boot id and pid namespace), and a writer that finds the lease held by a process of its own
 * machine and pid namespace that no longer runs takes it over at once (a {@code kill -9}ed
 * {@code agentdb migrate} is resumed without waiting). Elsewhere (another machine, no {@code /proc}, an
 * owner written by an older version) it waits as before; a reused pid only makes it wait. A write whose
 * lease was lost anyway (the renewal could not reach the server in time) may have interleaved with
 * the next writer's; the adapter logs it and reloads. The schema migration uses the same lease on
 * the key {@code agentdb_schema}. Not API.
 */
public final class MongoLocks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MongoLocks.class);
    /** The collection. */
    public static final String VERSIONS = "agentdb_index_versions";
    /** How long a lease lasts, in ms. */
    public static final long LEASE_MS = 60_000;
    /** How often a writer waiting for a lease checks whether its holder's process still runs, in ms. */
    private static final long LIVENESS_CHECK_MS = 200;
    /** How often held leases are renewed, in ms. */
    public static final long RENEW_MS = 15_000;

    private final MongoCollection<Document> versions;
    private final MongoErrors errors;
    /** This machine and pid namespace (Linux), null where they cannot be told apart from others. */
    private static final String MACHINE = machine();
    private static final long PID = ProcessHandle.current().pid();

    private final String owner = UUID.randomUUID() + (MACHINE == null ? "" : " " + MACHINE + " " + PID);
    private final long waitMs;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread t = new Thread(task, "agentdb-mongodb-lease-renewer");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param db the database
     * @param errors translates driver errors
     * @param waitMs how long to wait for a lease before giving up, in ms
     */
    public MongoLocks(MongoDatabase db, MongoErrors errors, long waitMs) {
        this.versions = db.getCollection(VERSIONS);
        this.errors = errors;
        this.waitMs = waitMs;
        renewer.scheduleWithFixedDelay(this::renew, RENEW_MS, RENEW_MS, TimeUnit.MILLISECONDS);
    }

    /** Pushes the end of every lease this adapter holds {@value #LEASE_MS} ms ahead. */
    private void renew() {
        for (String key : held) {
            try {
                versions.updateOne(Filters.and(Filters.eq("_id", key), Filters.eq("owner", owner)),
                        Updates.set("until", System.currentTimeMillis() + LEASE_MS));
            } catch (RuntimeException e) {
                // the next round tries again; a lease lost meanwhile is noticed when it is handed back
            }
        }
    }

    /**
     * Takes the lease of a key, waiting while another writer holds it.
     *
     * @param key a collection name (or {@code agentdb_schema})
     * @return the key's version when the lease was taken (0 for a new key)
     * @throws BackendUnavailableException when the lease stays taken longer than the wait
     */
    public long acquire(String key) {
        long deadline = System.currentTimeMillis() + waitMs;
        long nextLivenessCheck = 0; // of the holder: at once, then every LIVENESS_CHECK_MS
        while (true) {
            long now = System.currentTimeMillis();
            try {
                Document d = versions.findOneAndUpdate(
                        Filters.and(Filters.eq("_id", key), Filters.or(Filters.eq("owner", null), Filters.lt("until", now))),
                        Updates.combine(Updates.set("owner", owner), Updates.set("until", now + LEASE_MS), Updates.setOnInsert("version", 0L)),
                        new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
                if (d != null) {
                    held.add(key);
                    Object v = d.get("version");
                    return v instanceof Number n ? n.longValue() : 0L;
                }
            } catch (MongoException e) {
                if (!MongoErrors.isDuplicateKey(e)) {
                    throw errors.translate(e, "take the write lease of '" + key + "'");
                }
                // the document exists and another writer holds it: wait
            }
            if (now >= nextLivenessCheck) {
                nextLivenessCheck = now + LIVENESS_CHECK_MS;
                if (takeOverFromDeadProcess(key, now)) {
                    held.add(key);
                    return version(key);
                }
            }
            if (System.currentTimeMillis() > deadline) {
                throw new BackendUnavailableException("the write lease of '" + key + "' (" + VERSIONS + ") stayed taken for " + waitMs
                        + " ms; another writer holds it (a crashed process's lease ends " + LEASE_MS + " ms after it was taken)", null);
            }
            try {
                Thread.sleep(1 + ThreadLocalRandom.current().nextInt(4));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendUnavailableException("interrupted while waiting for the write lease of '" + key + "'", e);
            }
        }
    }

    /**
     * Takes over the lease of a key held by a process of this machine and pid namespace that no longer runs.
     *
     * @return whether this adapter holds the lease now
     */
    private boolean takeOverFromDeadProcess(String key, long now) {
        if (MACHINE == null) {
            return false;
        }
        Document d;
        try {
            d = versions.find(Filters.eq("_id", key)).first();
        } catch (MongoException e) {
            throw errors.translate(e, "read the write lease of '" + key + "'");
        }
        if (d == null || !(d.get("owner") instanceof String holder)) {
            return false;
        }
        String[] parts = holder.split(" ");
        if (parts.length != 3 || !parts[1].equals(MACHINE)) {
            return false;
        }
        long pid;
        try {
            pid = Long.parseLong(parts[2]);
        } catch (NumberFormatException e) {
            return false;
        }
        if (pid == PID || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false; // this process (another adapter of it) or a running one: wait
        }
        try {
            boolean taken = versions.updateOne(Filters.and(Filters.eq("_id", key), Filters.eq("owner", holder)),
                    Updates.combine(Updates.set("owner", owner), Updates.set("until", now + LEASE_MS))).getModifiedCount() > 0;
            if (taken) {
                LOG.warn("mongodb: took over the write lease of '{}' from process {} of this machine, which no longer runs", key, pid);
            }
            return taken;
        } catch (MongoException e) {
            throw errors.translate(e, "take over the write lease of '" + key + "'");
        }
    }

    /**
     * This machine and pid namespace: Linux's boot id and the inode of {@code /proc/self/ns/pid}, or null where
     * {@code /proc} does not give them (then no lease is taken over).
     */
    private static String machine() {
        try {
            String boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim();
            String ns = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString(); // pid:[4026531836]
            String id = boot + "/" + ns.replaceAll("[^0-9]", "");
            return id.matches("[0-9a-f-]{36}/[0-9]+") ? id : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Hands a lease back.
     *
     * @param key the key
     * @param version the version to record (the acquired one when nothing was written)
     * @return whether this adapter still held the lease (false: it ran out and another writer may have written meanwhile)
     */
    public boolean release(String key, long version) {
        held.remove(key);
        return errors.run("hand back the write lease of '" + key + "'", () -> versions.updateOne(
                Filters.and(Filters.eq("_id", key), Filters.eq("owner", owner)),
                Updates.combine(Updates.set("owner", null), Updates.set("version", version))).getModifiedCount() > 0);
    }

    /**
     * @param key a collection name
     * @return its committed version, -1 when it has none yet
     */
    public long version(String key) {
        return errors.run("read the version of '" + key + "'", () -> {
            Document d = versions.find(Filters.eq("_id", key)).first();
            return d != null && d.get("version") instanceof Number n ? n.longValue() : -1L;
        });
    }

    /**
     * A key's lease as one read saw it, without taking it (a read-only adapter's view).
     *
     * @param version the committed version, -1 when the key has none yet
     * @param held whether a writer held the lease at that read (an owner whose lease had not run out)
     */
    public record Lease(long version, boolean held) {
    }

    /**
     * Reads a key's version and whether a writer holds its lease, writing nothing.
     *
     * @param key a collection name
     * @return what one read of its document saw
     */
    public Lease peek(String key) {
        return errors.run("read the write lease of '" + key + "'", () -> {
            Document d = versions.find(Filters.eq("_id", key)).first();
            if (d == null) {
                return new Lease(-1L, false);
            }
            long version = d.get("version") instanceof Number n ? n.longValue() : -1L;
            boolean held = d.get("owner") != null && d.get("until") instanceof Number until
                    && until.longValue() >= System.currentTimeMillis();
            return new Lease(version, held);
        });
    }

    /** @return how long {@link #acquire} waits for a lease before giving up, in ms */
    public long waitMs() {
        return waitMs;
    }

    /** Stops renewing; leases still held run out. Idempotent. */
    @Override
    public void close() {
        renewer.shutdownNow();
    }
}
