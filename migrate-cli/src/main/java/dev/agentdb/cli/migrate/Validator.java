package dev.agentdb.cli.migrate;

import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorRecord;
import dev.agentdb.internal.Json;
import dev.agentdb.spi.DatabaseAdapter;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Checks that a target collection holds exactly the source's rows, with constant memory:
 * <ol>
 *   <li>counts on both sides;</li>
 *   <li>a merge of both sides' {@code scan} streams in id (code-point) order: every id present on both
 *       sides, and per row a SHA-256 over the id, the exact float32 bits of the embedding
 *       ({@link Float#floatToRawIntBits}, in order), {@link Json#canonical(Object)} of the metadata, the
 *       text and the timestamp; differing rows are reported with what differed;</li>
 *   <li>{@value #DEFAULT_SEARCHES} exact searches ({@code exact(true)}, k = {@value #SEARCH_K}) whose
 *       queries are the embeddings of rows sampled from the source (reservoir sampling, fixed seed), run
 *       on both sides; the mean overlap of the top-k ids must reach {@value #MIN_OVERLAP}.</li>
 * </ol>
 *
 * <p>When the ids were not preserved ({@code --no-preserve-ids}: target id = {@link DerivedIds#of} the source
 * id), the two id orders differ, so step 2 becomes an order-independent multiset digest, still in constant
 * memory: the sum modulo 2<sup>256</sup> of every row's checksum, computed on the source with the derived id
 * in place of the source id and on the target with its own id. Only when counts or sums differ does a
 * second pass over the source fetch each derived id from the target ({@code get}) to list the first
 * {@value #MAX_LISTED} differing source ids, their target ids and what differed. The searches compare the
 * derived ids of the source's results with the target's ids.
 */
public final class Validator {
    /** Mismatching rows listed in a report. */
    public static final int MAX_LISTED = 10;
    /** k of the comparison searches. */
    public static final int SEARCH_K = 10;
    /** Number of comparison searches. */
    public static final int DEFAULT_SEARCHES = 20;
    /** The smallest acceptable mean top-k overlap. */
    public static final double MIN_OVERLAP = 0.99;

    private final DatabaseAdapter source;
    private final DatabaseAdapter target;
    private final int pageSize;
    private final int searches;
    private final BooleanSupplier cancelled;
    private final String derivedIdsFrom;

    /**
     * A validator of a migration that preserved ids.
     *
     * @param source the source adapter
     * @param target the target adapter
     * @param pageSize rows per scan page on each side
     * @param searches number of comparison searches (0 for none)
     * @param cancelled polled once per row; when it answers true the validation stops with a
     *                  {@link CancellationException}
     */
    public Validator(DatabaseAdapter source, DatabaseAdapter target, int pageSize, int searches, BooleanSupplier cancelled) {
        this(source, target, pageSize, searches, cancelled, null);
    }

    /**
     * @param source the source adapter
     * @param target the target adapter
     * @param pageSize rows per scan page on each side
     * @param searches number of comparison searches (0 for none)
     * @param cancelled polled once per row; when it answers true the validation stops with a
     *                  {@link CancellationException}
     * @param derivedIdsFrom null when the ids were preserved; otherwise the source fingerprint the target ids
     *                       were derived from ({@link DerivedIds#of})
     */
    public Validator(DatabaseAdapter source, DatabaseAdapter target, int pageSize, int searches, BooleanSupplier cancelled,
                     String derivedIdsFrom) {
        this.source = source;
        this.target = target;
        this.pageSize = pageSize;
        this.searches = searches;
        this.cancelled = cancelled;
        this.derivedIdsFrom = derivedIdsFrom;
    }

    /**
     * @param collection a collection present in the source
     * @return the report
     * @throws CancellationException when cancelled
     */
    public ValidationReport validate(String collection) {
        long sourceCount = source.count(collection, null);
        if (!target.hasCollection(collection)) {
            return new ValidationReport(collection, sourceCount, -1, 0, sourceCount,
                    List.of(), "", "missing", 0, 0, MIN_OVERLAP);
        }
        long targetCount = target.count(collection, null);
        if (derivedIdsFrom != null) {
            return validateDerived(collection, sourceCount, targetCount);
        }
        MessageDigest sourceAll = sha256();
        MessageDigest targetAll = sha256();
        IdOrderMerge merge = new IdOrderMerge(source, target, collection, pageSize);
        List<ValidationReport.Mismatch> listed = new ArrayList<>();
        long mismatches = 0;
        long compared = 0;
        Sample sample = new Sample(searches);
        for (IdOrderMerge.Pair p = merge.next(); p != null; p = merge.next()) {
            checkCancelled(collection);
            compared++;
            VectorRecord a = p.source();
            VectorRecord b = p.target();
            String problem = null;
            if (b == null) {
                problem = "missing on target";
                sourceAll.update(rowChecksum(a));
            } else if (a == null) {
                problem = "not in source (extra on target)";
                targetAll.update(rowChecksum(b));
            } else {
                byte[] da = rowChecksum(a);
                byte[] db = rowChecksum(b);
                sourceAll.update(da);
                targetAll.update(db);
                if (!MessageDigest.isEqual(da, db)) {
                    problem = describeDifference(a, b);
                }
            }
            if (a != null) {
                sample.offer(a.embedding());
            }
            if (problem != null) {
                mismatches++;
                if (listed.size() < MAX_LISTED) {
                    listed.add(new ValidationReport.Mismatch(a != null ? a.id() : b.id(), problem));
                }
            }
        }
        return new ValidationReport(collection, sourceCount, targetCount, compared, mismatches, listed,
                HexFormat.of().formatHex(sourceAll.digest()), HexFormat.of().formatHex(targetAll.digest()),
                sample.size(), meanOverlap(collection, sample), MIN_OVERLAP);
    }

    /** Step 2 with derived ids: multiset digests of both sides; on a difference, a pass fetching each derived id. */
    private ValidationReport validateDerived(String collection, long sourceCount, long targetCount) {
        Sample sample = new Sample(searches);
        BigInteger sourceSum = BigInteger.ZERO;
        long compared = 0;
        IdOrderCursor s = new IdOrderCursor(source, collection, pageSize);
        for (VectorRecord a = s.next(); a != null; a = s.next()) {
            checkCancelled(collection);
            sourceSum = addMod256(sourceSum, rowChecksum(a.withId(targetId(collection, a.id()))));
            sample.offer(a.embedding());
            compared++;
        }
        BigInteger targetSum = BigInteger.ZERO;
        IdOrderCursor t = new IdOrderCursor(target, collection, pageSize);
        for (VectorRecord b = t.next(); b != null; b = t.next()) {
            checkCancelled(collection);
            targetSum = addMod256(targetSum, rowChecksum(b));
        }
        List<ValidationReport.Mismatch> listed = new ArrayList<>();
        long mismatches = 0;
        if (sourceCount != targetCount || !sourceSum.equals(targetSum)) {
            s = new IdOrderCursor(source, collection, pageSize);
            for (VectorRecord a = s.next(); a != null; a = s.next()) {
                checkCancelled(collection);
                VectorRecord expected = a.withId(targetId(collection, a.id()));
                VectorRecord b = target.get(collection, expected.id()).orElse(null);
                String problem = b == null ? "missing on target"
                        : MessageDigest.isEqual(rowChecksum(expected), rowChecksum(b)) ? null : describeDifference(expected, b);
                if (problem != null) {
                    mismatches++;
                    if (listed.size() < MAX_LISTED) {
                        listed.add(new ValidationReport.Mismatch(a.id(), expected.id(), problem));
                    }
                }
            }
        }
        return new ValidationReport(collection, sourceCount, targetCount, compared, mismatches, listed,
                String.format(Locale.ROOT, "%064x", sourceSum), String.format(Locale.ROOT, "%064x", targetSum),
                sample.size(), meanOverlap(collection, sample), MIN_OVERLAP);
    }

    private static BigInteger addMod256(BigInteger sum, byte[] sha256) {
        BigInteger next = sum.add(new BigInteger(1, sha256));
        return next.bitLength() > 256 ? next.clearBit(256) : next;
    }

    private String targetId(String collection, String sourceId) {
        return derivedIdsFrom == null ? sourceId : DerivedIds.of(derivedIdsFrom, collection, sourceId);
    }

    private void checkCancelled(String collection) {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("validation of '" + collection + "' interrupted");
        }
    }

    private double meanOverlap(String collection, Sample sample) {
        double sum = 0;
        for (float[] q : sample.embeddings) {
            sum += overlap(collection, q);
        }
        return sample.size() == 0 ? 1.0 : sum / sample.size();
    }

    private double overlap(String collection, float[] query) {
        SearchRequest request = SearchRequest.builder(query).k(SEARCH_K).exact(true).build();
        List<SearchResult> expected = source.search(collection, request);
        List<SearchResult> actual = target.search(collection, request);
        if (expected.isEmpty()) {
            return actual.isEmpty() ? 1.0 : 0.0;
        }
        Set<String> got = new HashSet<>();
        actual.forEach(r -> got.add(r.id()));
        long hit = expected.stream().filter(r -> got.contains(targetId(collection, r.id()))).count();
        return (double) hit / expected.size();
    }

    /**
     * The checksum of one row: SHA-256 over the id, the embedding's exact float32 bits in order, the
     * canonical metadata JSON, the text and the timestamp (each length- or presence-prefixed, so that
     * no two different rows can encode alike).
     *
     * @param r a record
     * @return 32 bytes
     */
    public static byte[] rowChecksum(VectorRecord r) {
        MessageDigest md = sha256();
        putString(md, r.id());
        float[] e = r.embedding();
        ByteBuffer bb = ByteBuffer.allocate(4 + 4 * e.length);
        bb.putInt(e.length);
        for (float f : e) {
            bb.putInt(Float.floatToRawIntBits(f));
        }
        md.update(bb.array());
        putString(md, Json.canonical(r.metadata()));
        putString(md, r.text());
        ByteBuffer ts = ByteBuffer.allocate(9);
        ts.put((byte) (r.timestamp() == null ? 0 : 1)).putLong(r.timestamp() == null ? 0 : r.timestamp());
        md.update(ts.array());
        return md.digest();
    }

    /**
     * Compares strings by Unicode code point (the order of {@code scan} on every backend), which differs
     * from {@link String#compareTo} for characters outside the Basic Multilingual Plane.
     *
     * @param x a string
     * @param y another
     * @return negative, zero or positive
     */
    public static int compareCodePoints(String x, String y) {
        int i = 0;
        int j = 0;
        while (i < x.length() && j < y.length()) {
            int a = x.codePointAt(i);
            int b = y.codePointAt(j);
            if (a != b) {
                return Integer.compare(a, b);
            }
            i += Character.charCount(a);
            j += Character.charCount(b);
        }
        return Integer.compare(x.length() - i, y.length() - j);
    }

    private static String describeDifference(VectorRecord a, VectorRecord b) {
        List<String> out = new ArrayList<>();
        float[] x = a.embedding();
        float[] y = b.embedding();
        if (x.length != y.length) {
            out.add("embedding dimension differs (" + x.length + " vs " + y.length + ")");
        } else {
            for (int i = 0; i < x.length; i++) {
                if (Float.floatToRawIntBits(x[i]) != Float.floatToRawIntBits(y[i])) {
                    out.add("embedding[" + i + "] differs (source " + x[i] + ", target " + y[i] + ")");
                    break;
                }
            }
        }
        String ma = Json.canonical(a.metadata());
        String mb = Json.canonical(b.metadata());
        if (!ma.equals(mb)) {
            out.add(metadataDifference(a.metadata(), b.metadata(), ma, mb));
        }
        if (!Objects.equals(a.text(), b.text())) {
            out.add("text differs (source " + abbreviate(a.text()) + ", target " + abbreviate(b.text()) + ")");
        }
        if (!Objects.equals(a.timestamp(), b.timestamp())) {
            out.add("timestamp differs (source " + a.timestamp() + ", target " + b.timestamp() + ")");
        }
        return out.isEmpty() ? "checksum differs" : String.join("; ", out);
    }

    /** Names the first top-level key whose value differs, or shows both documents abbreviated. */
    private static String metadataDifference(java.util.Map<String, Object> x, java.util.Map<String, Object> y, String cx, String cy) {
        java.util.TreeSet<String> keys = new java.util.TreeSet<>(x.keySet());
        keys.addAll(y.keySet());
        for (String k : keys) {
            String vx = x.containsKey(k) ? Json.canonical(java.util.Collections.singletonList(x.get(k))) : null;
            String vy = y.containsKey(k) ? Json.canonical(java.util.Collections.singletonList(y.get(k))) : null;
            if (!Objects.equals(vx, vy)) {
                return "metadata." + k + " differs (source " + (vx == null ? "absent" : abbreviate(vx.substring(1, vx.length() - 1)))
                        + ", target " + (vy == null ? "absent" : abbreviate(vy.substring(1, vy.length() - 1))) + ")";
            }
        }
        return "metadata differs (source " + abbreviate(cx) + ", target " + abbreviate(cy) + ")";
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    private static void putString(MessageDigest md, String s) {
        if (s == null) {
            md.update((byte) 0);
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        md.update((byte) 1);
        md.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        md.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** A reservoir sample (fixed seed) of up to {@code searches} source embeddings, the queries of the searches. */
    private static final class Sample {
        private final int capacity;
        private final Random random = new Random(42);
        private final List<float[]> embeddings = new ArrayList<>();
        private long seen;

        Sample(int capacity) {
            this.capacity = capacity;
        }

        void offer(float[] embedding) {
            if (capacity == 0) {
                return;
            }
            seen++;
            if (embeddings.size() < capacity) {
                embeddings.add(embedding);
            } else {
                long j = (long) (random.nextDouble() * seen);
                if (j < capacity) {
                    embeddings.set((int) j, embedding);
                }
            }
        }

        int size() {
            return embeddings.size();
        }
    }
}
