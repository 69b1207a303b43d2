package dev.agentdb.compat.crash;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionSpec;
import dev.agentdb.Metric;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The process {@link CrashCheck} kills: it writes to one collection in batches until it is killed.
 * Each batch is one write (an {@code insertBatch}, an {@code upsertBatch}, a {@code deleteWhere},
 * or the deletes of its ids in one transaction), so that whole batches are what a crash may leave.
 * Record {@code b<batch>-<i>} carries {@code {"batch": <batch>, "n": <batch size>, "gen": <generation>}}:
 * all the records of a batch share {@code n} and {@code gen} (an upsert rewrites every one with a
 * new generation and new embeddings), so a checker needs no journal to tell a whole batch from a
 * torn one. Before each write it prints {@code op <kind> <batch>} on standard output (flushed), so
 * the killer knows what a kill interrupted; {@code ready} once open.
 *
 * <p>Run: {@code java -cp <kit + adapter> dev.agentdb.compat.crash.CrashWorkload <url> <collection> <seed>}.
 * Exits 2 on bad arguments; otherwise runs until killed.
 */
public final class CrashWorkload {
    /** Embedding dimension of the workload's collection. */
    public static final int DIMENSION = 16;
    /** The collection is kept near this many records: above it the workload deletes more. */
    static final int TARGET_ROWS = 1_500;
    /** Records per batch, at most. */
    static final int MAX_BATCH = 40;

    private CrashWorkload() {
    }

    /**
     * @param args {@code url collection seed}
     */
    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: CrashWorkload <url> <collection> <seed>");
            System.exit(2);
        }
        Random random = new Random(Long.parseLong(args[2]));
        try (AgentDB db = AgentDB.open(args[0])) {
            VectorCollection c = db.hasCollection(args[1]) ? db.collection(args[1])
                    : db.createCollection(args[1], CollectionSpec.of(DIMENSION, Metric.L2));
            Map<Long, Integer> batches = existingBatches(c); // batch -> size, as stored
            long rows = c.count();
            System.out.println("ready");
            while (true) {
                int op = random.nextInt(10);
                if (batches.isEmpty() || (rows < TARGET_ROWS && op < 5)) {
                    long batch = random.nextLong() >>> 11; // 53 bits: exact as a JSON number on every backend
                    int n = 1 + random.nextInt(MAX_BATCH);
                    announce("insertBatch", batch);
                    c.insertBatch(records(batch, n, 0, random));
                    batches.put(batch, n);
                    rows += n;
                    continue;
                }
                long batch = pick(batches, random);
                int n = batches.get(batch);
                if (op < 7 && rows < TARGET_ROWS * 2) {
                    announce("upsertBatch", batch);
                    c.upsertBatch(records(batch, n, 1 + random.nextInt(1_000_000), random));
                } else if (op < 9) {
                    announce("deleteWhere", batch);
                    c.deleteWhere(Filter.eq("batch", batch));
                    batches.remove(batch);
                    rows -= n;
                } else {
                    announce("delete", batch);
                    db.useTransaction(() -> {
                        for (int i = 0; i < n; i++) {
                            c.delete(id(batch, i));
                        }
                    });
                    batches.remove(batch);
                    rows -= n;
                }
            }
        }
    }

    /**
     * @param batch a batch number
     * @param i the record's place in it
     * @return the record id
     */
    static String id(long batch, int i) {
        return "b" + batch + "-" + i;
    }

    private static List<VectorRecord> records(long batch, int n, int gen, Random random) {
        List<VectorRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] v = new float[DIMENSION];
            for (int d = 0; d < DIMENSION; d++) {
                v[d] = (float) random.nextGaussian();
            }
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("batch", batch);
            meta.put("n", n);
            meta.put("gen", gen);
            out.add(VectorRecord.of(id(batch, i), v, meta));
        }
        return out;
    }

    private static Map<Long, Integer> existingBatches(VectorCollection c) {
        Map<Long, Integer> out = new TreeMap<>();
        String after = null;
        while (true) {
            List<VectorRecord> page = c.scan(after, 500);
            for (VectorRecord r : page) {
                out.put(((Number) r.metadata().get("batch")).longValue(), ((Number) r.metadata().get("n")).intValue());
            }
            if (page.size() < 500) {
                return out;
            }
            after = page.get(page.size() - 1).id();
        }
    }

    private static long pick(Map<Long, Integer> batches, Random random) {
        int skip = random.nextInt(batches.size());
        for (long b : batches.keySet()) {
            if (skip-- == 0) {
                return b;
            }
        }
        throw new IllegalStateException("no batch");
    }

    private static void announce(String kind, long batch) {
        System.out.println("op " + kind + " " + batch);
        System.out.flush();
    }
}
