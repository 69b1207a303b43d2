package dev.agentdb.hnsw;

import dev.agentdb.AgentDBException;
import dev.agentdb.DimensionMismatchException;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Limits;
import dev.agentdb.Metric;
import dev.agentdb.hnsw.internal.LongHeap;
import dev.agentdb.hnsw.internal.Scored;
import dev.agentdb.hnsw.internal.VisitedSet;
import dev.agentdb.hnsw.vector.VectorOps;
import dev.agentdb.hnsw.vector.VectorOpsProvider;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.BitSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * In-memory HNSW graph after Malkov &amp; Yashunin, "Efficient and robust approximate nearest
 * neighbor search using Hierarchical Navigable Small World graphs" (arXiv:1603.09320): random
 * levels with {@code mL = 1/ln(M)}, greedy descent on the upper layers, a beam search of width
 * {@code efConstruction} per layer when inserting, the neighbour-selection heuristic of the paper's
 * Algorithm 4 (without keeping pruned connections when inserting; with them when repairing after
 * a delete), {@code M} neighbours selected per node and layer, at most {@code M} links per node on
 * the upper layers and {@code 2*M} on layer 0, and bidirectional links re-pruned by the same
 * heuristic when a neighbour's list overflows.
 *
 * <p>Nodes are dense int ordinals assigned by {@link #add(float[])} (0, 1, 2, ...); callers map
 * their own ids to ordinals.
 *
 * <h2>Metrics</h2>
 * Internally the graph orders by a cheap distance: squared L2 for {@link Metric#L2}, {@code -dot}
 * for {@link Metric#INNER_PRODUCT} and for {@link Metric#COSINE} (whose vectors are normalised to
 * unit length on {@link #add} and queries likewise). Distances reported in {@link NodeHits} follow
 * {@link Metric}: cosine {@code 1 - cos} (clamped to [0, 2]; a zero vector has distance 1, never
 * NaN), l2 the Euclidean distance, inner product {@code -dot}.
 *
 * <h2>Why it is fast</h2>
 * Vectors live in chunked flat {@code float[]} blocks of a power of two of nodes (about
 * {@value #CHUNK_FLOATS} floats each) addressed by {@code (node % chunk) * dimension}; layer-0
 * neighbour lists live in chunked flat {@code int[]}
 * blocks ({@code [count, n1 .. n2M]} per node); upper layers, which only about {@code 1/M} of nodes
 * have, are small {@code int[]}s per node and layer. Searches use a per-thread visited bit set and
 * primitive heaps of packed {@code (float distance, int node)} longs, so the search path allocates
 * only its result. Distance kernels come from {@link VectorOpsProvider#get()} (Vector API when
 * available). On large data a search is bound by memory bandwidth rather than arithmetic, so the
 * unvisited neighbours of an expanded node are gathered first and their distances computed four
 * at a time ({@link VectorOps#squareDistance4}), which fetches four vectors in parallel. Memory:
 * about {@code 4 * dimension + 4 * (2M + 1) + 2} bytes per node, plus {@code 4 * (M + 1)} per
 * upper layer of a node. Measured figures: {@code benchmarks/README.md}.
 *
 * <h2>Concurrency</h2>
 * Any number of threads may search (and read) at any time without locking. Writers
 * ({@link #add}, {@link #delete}, {@link #flush}, {@link #flushAll}, {@link #clearDirty}) are
 * serialised by one internal lock, so one writer at a time runs, and searches are not blocked by
 * it. Correctness for readers rests on publication order: a node's vector, level and own
 * neighbour lists are written before the {@code volatile} size is raised, and a search only
 * follows links to nodes below the size it read first; neighbour lists are rewritten in place
 * with int-sized writes, so a concurrent search may see an old or partly updated list, which only
 * affects which valid nodes it visits, never safety. A search that starts after
 * {@code add} or {@code delete} returned (in the happens-before sense) sees its effect. Callers
 * must not modify a query array or an {@code accept} set while a search reads it. Per-thread
 * scratch space (visited bits, heaps) is shared by every index the thread searches.
 *
 * <h2>Filtered search</h2>
 * See {@link #search(float[], int, int, BitSet)}: the filter is applied during traversal and an
 * exact scan of the accepted nodes replaces the traversal when that is cheaper (Lucene's rule).
 *
 * <h2>Deletion</h2>
 * See {@link #delete(int)}: tombstones, with local repair of the deleted node's neighbourhood.
 *
 * <h2>Pending vectors</h2>
 * A loader may finish before the live nodes' vectors arrived ({@link Loader#finishPending}): the
 * graph is then searchable at once, and each search that reaches a node whose vector is still
 * missing asks its {@link VectorSource} for the missing vectors of the nodes it is about to score
 * (the unvisited neighbours of the node it expands, in one call) while another thread streams the
 * rest in ({@link #supplyVector}) and finally calls {@link #completeVectors()}. Results are those of
 * the same index with every vector present. Publication: a vector's floats are written first, then
 * its node's ready flag with release semantics; searches read the flag with acquire semantics
 * before they read the floats, and two threads supplying the same node are serialised by a striped
 * lock, so no search sees a half-written vector. Once complete, a search pays one volatile read
 * (the pending state is null). Writes ({@link #add}, {@link #delete}, {@link #compact}) refuse to
 * run while vectors are pending ({@link IllegalStateException}): callers wait with
 * {@link #awaitVectors()} first.
 *
 * <h2>Persistence</h2>
 * The index records every node whose level, neighbour lists or deleted flag changed since the last
 * flush (the new node and every neighbour whose list it changed); {@link #flush(GraphStore)} writes
 * them and the entry point. {@link #loader(HnswConfig)} rebuilds an index from that state without
 * recomputing the graph. {@link GraphCodec} encodes one node's neighbour lists as a versioned BLOB.
 */
public final class HnswIndex {
    /**
     * Target size of one vector chunk, in floats (4 MiB): a chunk holds the largest power of two of
     * nodes that fits (at least 1, at most {@value #MAX_CHUNK_NODES}), so large dimensions do not
     * allocate huge blocks and small ones do not allocate many.
     */
    public static final int CHUNK_FLOATS = 1 << 20;
    /** Most nodes per storage chunk. */
    public static final int MAX_CHUNK_NODES = 1 << 12;

    /** Highest layer a node may get (levels are capped so that a pathological draw stays cheap). */
    public static final int MAX_LEVEL = 30;

    /**
     * A filtered search scans the accepted nodes exactly, without traversing the graph, when their
     * number is at most this factor times {@code max(ef, k)}.
     */
    public static final int EXACT_SCAN_FACTOR = 2;

    /**
     * Repairs after a delete refill lists to capacity with the closest pruned candidates
     * (Algorithm 4's keepPrunedConnections): it offsets the links a tombstone takes away, and
     * measured recall after deleting 30% rose from 0.946 to 0.988 on the tests' data.
     */
    private static final boolean KEEP_PRUNED_ON_REPAIR = true;
    private static final byte DELETED = 1;
    private static final int SCAN_BATCH = 64;
    private static final long EMPTY_ENTRY = -1L;
    private static final int[] NO_LINKS = new int[0];
    private static final ThreadLocal<Context> CONTEXT = ThreadLocal.withInitial(Context::new);
    /** Element access to {@link Pending#ready}: set with release, read with acquire (see "Pending vectors"). */
    private static final VarHandle READY = MethodHandles.arrayElementVarHandle(byte[].class);

    private final HnswConfig config;
    private final VectorOps ops;
    private final int dim;
    /** Nodes per chunk is {@code 1 << chunkShift}. */
    private final int chunkShift;
    private final int chunkMask;
    private final int chunkSize;
    private final int m;
    private final int m0;
    private final int stride0;
    private final boolean l2;
    private final boolean cosine;
    private final double levelMultiplier;
    private final ReentrantLock writeLock = new ReentrantLock();

    // Written by the writer only, published to readers by the volatile writes of size and entry.
    private float[][] vectors = new float[0][];
    private int[][] links0 = new int[0][];
    private int[][][] upper = new int[0][][];
    private byte[] levels = new byte[0];
    private byte[] flags = new byte[0];
    /**
     * Layer-0 in-links of each node from live nodes. Writer only (searches never read it): keeps
     * every live node reachable, see {@link #relinkOrphans}.
     */
    private int[] inLinks0 = new int[0];
    /** Live nodes that lost their last layer-0 in-link during the current write, to relink before it returns. */
    private int[] orphans = new int[8];
    private int orphanCount;
    private volatile int size;
    private volatile int live;
    /** Entry point packed as {@code (level << 32) | node}; {@link #EMPTY_ENTRY} for an empty graph. */
    private volatile long entry = EMPTY_ENTRY;
    private final BitSet dirty = new BitSet();
    /** Null while every node has its vector (always, except after {@link Loader#finishPending} until {@link #completeVectors}). */
    private volatile Pending pending;

    /**
     * Creates an empty index using the kernels of {@link VectorOpsProvider#get()}.
     *
     * @param config dimension, metric, M, efConstruction, seed; not null
     */
    public HnswIndex(HnswConfig config) {
        this(config, VectorOpsProvider.get());
    }

    /**
     * Creates an empty index with explicit distance kernels (for benchmarks and tests).
     *
     * @param config dimension, metric, M, efConstruction, seed; not null
     * @param ops the distance kernels; not null
     */
    public HnswIndex(HnswConfig config, VectorOps ops) {
        if (config == null) {
            throw new InvalidInputException("config", "must not be null");
        }
        if (ops == null) {
            throw new InvalidInputException("ops", "must not be null");
        }
        this.config = config;
        this.ops = ops;
        this.dim = config.dimension();
        int perChunk = Math.min(MAX_CHUNK_NODES, Integer.highestOneBit(Math.max(1, CHUNK_FLOATS / dim)));
        this.chunkShift = Integer.numberOfTrailingZeros(perChunk);
        this.chunkMask = perChunk - 1;
        this.chunkSize = perChunk;
        this.m = config.m();
        this.m0 = 2 * config.m();
        this.stride0 = m0 + 1;
        this.l2 = config.metric() == Metric.L2;
        this.cosine = config.metric() == Metric.COSINE;
        this.levelMultiplier = 1.0 / Math.log(config.m());
    }

    /** @return the configuration */
    public HnswConfig config() {
        return config;
    }

    /** @return the distance kernels in use */
    public VectorOps vectorOps() {
        return ops;
    }

    // ------------------------------------------------------------------ writes

    /**
     * Adds a vector as a new node (the paper's Algorithm 1). The node's level is drawn from a
     * generator seeded by {@link HnswConfig#seed()} and the ordinal, so builds are reproducible.
     *
     * @param vector {@code float[dimension]} of finite values; copied (normalised first for cosine)
     * @return the new node's ordinal ({@link #size()} before the call)
     * @throws DimensionMismatchException when the length differs from the dimension
     * @throws InvalidInputException when the vector is null or has a NaN or infinite component
     * @throws IllegalStateException while vectors are pending (see the class comment)
     */
    public int add(float[] vector) {
        checkVector("vector", vector);
        requireVectors("add");
        writeLock.lock();
        try {
            return insert(vector);
        } finally {
            writeLock.unlock();
        }
    }

    private int insert(float[] vector) {
        final int node = size;
        if (node == Integer.MAX_VALUE) {
            throw new AgentDBException("HNSW index is full (" + node + " nodes)");
        }
        ensureCapacity(node);
        storeVector(node, vector);
        int level = randomLevel(node);
        levels[node] = (byte) level;
        upper[node] = level == 0 ? null : new int[level][m + 1];
        dirty.set(node);

        long e = entry;
        int epNode = entryNode(e);
        int maxLevel = entryLevel(e);
        if (epNode < 0) {
            live++;
            size = node + 1;
            entry = packEntry(node, level);
            return node;
        }

        Context ctx = CONTEXT.get();
        ctx.visits = 0;
        float[] q = ctx.query(dim);
        System.arraycopy(vectors[node >>> chunkShift], (node & chunkMask) * dim, q, 0, dim);

        int cur = epNode;
        float curDist = distance(q, 0, cur);
        for (int layer = maxLevel; layer > level; layer--) {
            cur = greedy(ctx, q, cur, curDist, layer, node, null);
            curDist = ctx.greedyDistance;
        }

        int top = Math.min(level, maxLevel);
        int[][] chosen = new int[top + 1][];
        int[] eps = ctx.entryPoints(1);
        eps[0] = cur;
        int epCount = 1;
        for (int layer = top; layer >= 0; layer--) {
            searchLayer(ctx, q, eps, epCount, layer, config.efConstruction(), null, node, Integer.MAX_VALUE, null);
            int found = drainSorted(ctx);
            if (found == 0) {
                chosen[layer] = NO_LINKS; // every reachable node is deleted; keep the entry points
                continue;
            }
            // the paper selects M for the new node on every layer (layer 0 holds up to 2M as back
            // links arrive); selecting 2M on layer 0 measured no better on our data
            int[] selected = ctx.selection(m);
            int count = selectNeighbors(ctx.sorted, found, m, selected);
            chosen[layer] = Arrays.copyOf(selected, count);
            eps = ctx.entryPoints(found);
            for (int i = 0; i < found; i++) {
                eps[i] = Scored.node(ctx.sorted[i]);
            }
            epCount = found;
        }
        for (int layer = 0; layer <= top; layer++) {
            int[] links = linksArray(node, layer);
            int base = linksBase(node, layer);
            System.arraycopy(chosen[layer], 0, links, base + 1, chosen[layer].length);
            links[base] = chosen[layer].length;
        }

        live++;
        size = node + 1; // publish the node before anyone can reach it through a back link
        if (level > maxLevel) {
            entry = packEntry(node, level);
        }
        for (int neighbor : chosen[0]) {
            inLinks0[neighbor]++;
        }
        for (int layer = 0; layer <= top; layer++) {
            for (int neighbor : chosen[layer]) {
                addLink(ctx, neighbor, layer, node);
            }
        }
        noteIfOrphan(node); // every back link may have been pruned away
        relinkOrphans(ctx);
        return node;
    }

    /** Links {@code from -> to} on a layer; when the list is full, re-selects it by the heuristic. */
    private void addLink(Context ctx, int from, int layer, int to) {
        int[] links = linksArray(from, layer);
        int base = linksBase(from, layer);
        int cap = layer == 0 ? m0 : m;
        int count = links[base];
        dirty.set(from);
        if (count < cap) {
            links[base + 1 + count] = to;
            links[base] = count + 1;
            if (layer == 0) {
                inLinks0[to]++;
            }
            return;
        }
        long[] cands = ctx.pruneBuffer(count + 1);
        float[] fromChunk = vectors[from >>> chunkShift];
        int fromOff = (from & chunkMask) * dim;
        int n = 0;
        for (int j = 1; j <= count; j++) {
            int nb = links[base + j];
            if (flags[nb] != DELETED) {
                cands[n++] = Scored.pack(distance(fromChunk, fromOff, nb), nb);
            }
        }
        cands[n++] = Scored.pack(distance(fromChunk, fromOff, to), to);
        writeSelection(ctx, links, base, cands, n, cap, false, layer == 0);
    }

    /**
     * Sorts candidates, selects up to {@code cap} by the heuristic and writes the list in place;
     * with {@code keepPruned}, fills the remaining slots with the closest rejected candidates. With
     * {@code counted}, the list is a live node's layer-0 list of this index: {@link #inLinks0}
     * follows the change and nodes left without an in-link are noted as orphans.
     */
    private void writeSelection(Context ctx, int[] links, int base, long[] cands, int n, int cap, boolean keepPruned,
                                boolean counted) {
        int[] before = counted ? Arrays.copyOfRange(links, base + 1, base + 1 + links[base]) : null;
        Arrays.sort(cands, 0, n);
        int[] selected = ctx.selection(cap);
        int count = selectNeighbors(cands, n, cap, selected);
        if (keepPruned && count < cap && count < n) {
            for (int i = 0; i < n && count < cap; i++) {
                int c = Scored.node(cands[i]);
                boolean taken = false;
                for (int j = 0; j < count; j++) {
                    if (selected[j] == c) {
                        taken = true;
                        break;
                    }
                }
                if (!taken) {
                    selected[count++] = c;
                }
            }
        }
        System.arraycopy(selected, 0, links, base + 1, count);
        links[base] = count;
        if (counted) {
            for (int x : before) {
                inLinks0[x]--;
            }
            for (int i = 0; i < count; i++) {
                inLinks0[selected[i]]++;
            }
            for (int x : before) {
                noteIfOrphan(x);
            }
        }
    }

    /** Queues a live node for {@link #relinkOrphans} when no live node links to it on layer 0. */
    private void noteIfOrphan(int node) {
        if (inLinks0[node] > 0 || flags[node] == DELETED) {
            return;
        }
        if (orphanCount == orphans.length) {
            orphans = Arrays.copyOf(orphans, orphanCount * 2);
        }
        orphans[orphanCount++] = node;
    }

    /**
     * Gives every queued live node without a layer-0 in-link one again. The neighbour-selection
     * heuristic prunes links one list at a time, so a node can lose its last in-link (when a new
     * node takes its place in every list that held it, or a tombstone held its only one), and then
     * no search reaches it, however large efSearch: seen about one node in 400 under churn of
     * upserts and deletes. This keeps the invariant "every live node has an in-link on layer 0 from
     * a live node" (where the graph has another live node to give one): the orphan is linked from
     * the closest of its own live neighbours that has room, else in place of a tombstone in that
     * neighbour's list, else in place of the neighbour's farthest link whose target keeps another
     * in-link. The same problem and a repair of this kind are described by Xiao et al., "Enhancing
     * HNSW Index for Real-Time Updates: Addressing Unreachable Points and Performance Degradation"
     * (arXiv:2407.07871, 2024).
     */
    private void relinkOrphans(Context ctx) {
        while (orphanCount > 0) {
            int x = orphans[--orphanCount];
            if (flags[x] != DELETED && inLinks0[x] == 0) {
                relink(ctx, x);
            }
        }
    }

    private void relink(Context ctx, int x) {
        int[] xLinks = linksArray(x, 0);
        int xBase = linksBase(x, 0);
        int xCount = xLinks[xBase];
        float[] chunk = vectors[x >>> chunkShift];
        int off = (x & chunkMask) * dim;
        long[] cands = ctx.pruneBuffer(xCount);
        int c = 0;
        for (int j = 1; j <= xCount; j++) {
            int y = xLinks[xBase + j];
            if (y != x && flags[y] != DELETED) {
                cands[c++] = Scored.pack(distance(chunk, off, y), y);
            }
        }
        Arrays.sort(cands, 0, c);
        for (int i = 0; i < c; i++) {
            int y = Scored.node(cands[i]);
            if (linkInto(y, x)) {
                inLinks0[x]++;
                dirty.set(y);
                return;
            }
        }
    }

    /** Puts {@code x} into live node {@code y}'s layer-0 list (see {@link #relinkOrphans}). @return whether it found a place */
    private boolean linkInto(int y, int x) {
        int[] links = linksArray(y, 0);
        int base = linksBase(y, 0);
        int count = links[base];
        if (count < m0) {
            links[base + 1 + count] = x;
            links[base] = count + 1;
            return true;
        }
        int slot = -1;
        float farthest = Float.NEGATIVE_INFINITY;
        float[] chunk = vectors[y >>> chunkShift];
        int off = (y & chunkMask) * dim;
        for (int j = 1; j <= count; j++) {
            int z = links[base + j];
            if (flags[z] == DELETED) {
                slot = j;
                break;
            }
            if (inLinks0[z] >= 2) {
                float d = distance(chunk, off, z);
                if (d > farthest) {
                    farthest = d;
                    slot = j;
                }
            }
        }
        if (slot < 0) {
            return false;
        }
        inLinks0[links[base + slot]]--;
        links[base + slot] = x;
        return true;
    }

    /**
     * The neighbour-selection heuristic (Algorithm 4 of the paper, {@code keepPrunedConnections =
     * false}): walking the candidates closest first, keep one only if it is closer to the base
     * than to every neighbour already kept. This keeps links spread in different directions, which
     * is what makes the graph navigable on clustered data.
     *
     * @param sorted packed (distance to base, node), ascending
     * @param n number of candidates
     * @param max most neighbours to keep
     * @param out receives the kept nodes
     * @return number kept
     */
    private int selectNeighbors(long[] sorted, int n, int max, int[] out) {
        int kept = 0;
        for (int i = 0; i < n && kept < max; i++) {
            int candidate = Scored.node(sorted[i]);
            float toBase = Scored.distance(sorted[i]);
            float[] chunk = vectors[candidate >>> chunkShift];
            int off = (candidate & chunkMask) * dim;
            boolean good = true;
            for (int j = 0; j < kept; j++) {
                if (distance(chunk, off, out[j]) < toBase) {
                    good = false;
                    break;
                }
            }
            if (good) {
                out[kept++] = candidate;
            }
        }
        return kept;
    }

    /**
     * Marks a node deleted (a tombstone) and repairs its neighbourhood. The node is never returned
     * by a search again, but it keeps its vector and its own links, so searches may still pass
     * through it (stale in-links from nodes that were not repaired stay navigable).
     *
     * <p>Repair, on every layer of the deleted node {@code d}: each live neighbour {@code n} of
     * {@code d} whose own list contains {@code d} (links are nearly always bidirectional) drops
     * {@code d} and re-selects its list by the heuristic among its remaining neighbours and
     * {@code d}'s live neighbours, refilling any slots the heuristic leaves free with the closest
     * remaining candidates (keepPrunedConnections). Nodes that link to {@code d} without {@code d} linking back are
     * not searched for (that would need a reverse index or a full scan); their tombstone links are
     * dropped later whenever their lists are re-pruned. If {@code d} was the entry point, the
     * live node with the highest level becomes the entry point (the lowest ordinal among equals),
     * or the graph becomes empty-entry when no live node remains.
     *
     * @param node ordinal, 0 to {@link #size()}-1
     * @return false when it was already deleted
     * @throws InvalidInputException when the ordinal is out of range
     * @throws IllegalStateException while vectors are pending (see the class comment)
     */
    public boolean delete(int node) {
        requireVectors("delete");
        writeLock.lock();
        try {
            checkNode(node);
            if (flags[node] == DELETED) {
                return false;
            }
            flags[node] = DELETED;
            live--;
            dirty.set(node);
            int[] out0 = neighbors(node, 0);
            for (int x : out0) {
                inLinks0[x]--; // a tombstone's links no longer count
            }
            repairAround(node);
            for (int x : out0) {
                noteIfOrphan(x);
            }
            relinkOrphans(CONTEXT.get());
            long e = entry;
            if (entryNode(e) == node) {
                entry = pickEntry();
            } else {
                entry = e; // volatile write: publishes the tombstone to searches that start later
            }
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    private void repairAround(int deleted) {
        Context ctx = CONTEXT.get();
        int n = size;
        for (int layer = 0; layer <= levels[deleted]; layer++) {
            int[] dLinks = linksArray(deleted, layer);
            int dBase = linksBase(deleted, layer);
            int[] dNeighbors = Arrays.copyOfRange(dLinks, dBase + 1, dBase + 1 + dLinks[dBase]);
            int cap = layer == 0 ? m0 : m;
            for (int nb : dNeighbors) {
                if (nb >= n || flags[nb] == DELETED) {
                    continue;
                }
                int[] links = linksArray(nb, layer);
                int base = linksBase(nb, layer);
                int count = links[base];
                boolean linksBack = false;
                for (int j = 1; j <= count; j++) {
                    if (links[base + j] == deleted) {
                        linksBack = true;
                        break;
                    }
                }
                if (!linksBack) {
                    continue;
                }
                float[] chunk = vectors[nb >>> chunkShift];
                int off = (nb & chunkMask) * dim;
                long[] cands = ctx.pruneBuffer(count + dNeighbors.length);
                int c = 0;
                for (int j = 1; j <= count; j++) {
                    int x = links[base + j];
                    if (flags[x] != DELETED && !contains(cands, c, x)) {
                        cands[c++] = Scored.pack(distance(chunk, off, x), x);
                    }
                }
                for (int x : dNeighbors) {
                    if (x != nb && x < n && flags[x] != DELETED && !contains(cands, c, x)) {
                        cands[c++] = Scored.pack(distance(chunk, off, x), x);
                    }
                }
                writeSelection(ctx, links, base, cands, c, cap, KEEP_PRUNED_ON_REPAIR, layer == 0);
                dirty.set(nb);
            }
        }
    }

    private static boolean contains(long[] packed, int n, int node) {
        for (int i = 0; i < n; i++) {
            if (Scored.node(packed[i]) == node) {
                return true;
            }
        }
        return false;
    }

    /** @return the live node with the highest level (lowest ordinal among equals), or empty */
    private long pickEntry() {
        int best = -1;
        int bestLevel = -1;
        for (int i = 0, n = size; i < n; i++) {
            if (flags[i] != DELETED && levels[i] > bestLevel) {
                best = i;
                bestLevel = levels[i];
            }
        }
        return best < 0 ? EMPTY_ENTRY : packEntry(best, bestLevel);
    }

    // ------------------------------------------------------------------ reads

    /**
     * @param node ordinal
     * @return whether it is a tombstone
     * @throws InvalidInputException when the ordinal is out of range
     */
    public boolean isDeleted(int node) {
        checkNode(node);
        return flags[node] == DELETED;
    }

    /** @return number of nodes, tombstones included (= next ordinal) */
    public int size() {
        return size;
    }

    /** @return number of live (non-deleted) nodes */
    public int liveCount() {
        return live;
    }

    /** @return the entry node, or -1 when no live node exists */
    public int entryNode() {
        return entryNode(entry);
    }

    /** @return the entry node's level (the graph's top layer), or -1 when no live node exists */
    public int maxLevel() {
        return entryLevel(entry);
    }

    /**
     * @param node ordinal
     * @return the node's top layer (0-based)
     * @throws InvalidInputException when the ordinal is out of range
     */
    public int level(int node) {
        checkNode(node);
        return levels[node];
    }

    /**
     * @param node ordinal
     * @param layer 0 to {@link #level(int) level(node)}
     * @return a copy of the node's neighbour ordinals on that layer
     * @throws InvalidInputException when the ordinal or layer is out of range
     */
    public int[] neighbors(int node, int layer) {
        checkNode(node);
        if (layer < 0 || layer > levels[node]) {
            throw new InvalidInputException("layer", "must be between 0 and " + levels[node] + ", was " + layer);
        }
        int[] links = linksArray(node, layer);
        int base = linksBase(node, layer);
        return Arrays.copyOfRange(links, base + 1, base + 1 + links[base]);
    }

    /**
     * @param node ordinal
     * @return a copy of the stored vector, {@code float[dimension]} (unit length for cosine unless zero)
     * @throws InvalidInputException when the ordinal is out of range
     * @throws IllegalStateException when the node's vector is still pending
     */
    public float[] vector(int node) {
        checkNode(node);
        Pending p = pending;
        if (p != null && !p.present(node)) {
            throw new IllegalStateException("the vector of node " + node + " is still pending");
        }
        int off = (node & chunkMask) * dim;
        return Arrays.copyOfRange(vectors[node >>> chunkShift], off, off + dim);
    }

    /**
     * Approximate k-NN search: greedy descent from the entry point through the upper layers, then a
     * beam search of width {@code max(ef, k)} on layer 0 (the paper's Algorithms 2 and 5).
     * Tombstones and rejected nodes are traversed but never enter the result.
     *
     * <p>Filter rule (after Lucene's {@code AbstractKnnVectorQuery}), with {@code a} the number of
     * accepted ordinals below {@link #size()} (bits past it are ignored; tombstones count):
     * <ol>
     *   <li>{@code a == 0}: empty result.</li>
     *   <li>{@code a <= }{@value #EXACT_SCAN_FACTOR}{@code  * max(ef, k)}: exact scan of the accepted
     *       nodes at once (it costs at most about what the traversal would).</li>
     *   <li>otherwise: traversal with a budget of {@code a} distance computations; if the
     *       traversal needs more, it is abandoned and the accepted nodes are scanned exactly,
     *       since that scan costs {@code a} computations.</li>
     * </ol>
     * {@link NodeHits#exact()} tells which path answered; {@link NodeHits#visited()} counts all
     * distance computations made.
     *
     * @param query {@code float[dimension]}; not modified
     * @param k neighbours wanted, 1 to {@link Limits#MAX_K}
     * @param ef candidate list size; the effective value is {@code max(ef, k)}
     * @param accept nodes allowed in the result, or null for all live nodes; not modified
     * @return up to k live accepted nodes, closest first (ties by ordinal), distances per {@link Metric}
     * @throws DimensionMismatchException when the query length differs from the dimension
     * @throws InvalidInputException when the query is null or not finite, or k is out of range
     */
    public NodeHits search(float[] query, int k, int ef, BitSet accept) {
        return search(query, k, ef, accept, null);
    }

    /**
     * {@link #search(float[], int, int, BitSet)} on an index whose vectors may be pending (see the
     * class comment): the nodes it reaches without a vector get theirs from {@code source}; those the
     * source does not supply are skipped by this search. Without pending vectors it is the same call.
     *
     * @param query {@code float[dimension]}; not modified
     * @param k neighbours wanted, 1 to {@link Limits#MAX_K}
     * @param ef candidate list size; the effective value is {@code max(ef, k)}
     * @param accept nodes allowed in the result, or null for all live nodes; not modified
     * @param source supplies pending vectors, or null to wait ({@link #awaitVectors()}) until every vector is present
     * @return up to k live accepted nodes, closest first (ties by ordinal), distances per {@link Metric}
     * @throws DimensionMismatchException when the query length differs from the dimension
     * @throws InvalidInputException when the query is null or not finite, or k is out of range
     * @throws AgentDBException (source null) when the vectors were abandoned; what the source throws. An
     *         entry node whose vector the source cannot supply is replaced by the first of its
     *         neighbours (top layer first) whose vector it can, or by the exact scan when there is none
     */
    public NodeHits search(float[] query, int k, int ef, BitSet accept, VectorSource source) {
        checkVector("query", query);
        checkK(k);
        Fetch f = fetcher(source);
        long e = entry; // read before size: the entry node is then always below the size read
        int n = size;
        int epNode = entryNode(e);
        if (epNode < 0) {
            return new NodeHits(new int[0], new float[0], 0, 0, false);
        }
        int width = Math.max(ef, k);
        int budget = Integer.MAX_VALUE;
        Context ctx = CONTEXT.get();
        float[] q = prepareQuery(ctx, query);
        if (accept != null) {
            int accepted = countAccepted(accept, n);
            if (accepted == 0) {
                return new NodeHits(new int[0], new float[0], 0, 0, true);
            }
            if ((long) accepted <= (long) EXACT_SCAN_FACTOR * width) {
                return scan(ctx, q, k, accept, n, 0, f);
            }
            budget = accepted;
        }
        ctx.visits = 0;
        int cur = epNode;
        int top = entryLevel(e);
        if (f != null && !f.ensure(cur)) {
            // its record is gone (another process deleted it while vectors were pending): start from
            // the first of its neighbours, top layer first, whose vector can be had
            long substitute = substituteEntry(cur, top, n, f);
            if (substitute == EMPTY_ENTRY) {
                return scan(ctx, q, k, accept, n, 0, f); // no neighbour either: the exact scan skips what is missing
            }
            cur = entryNode(substitute);
            top = entryLevel(substitute);
        }
        float curDist = distance(q, 0, cur);
        ctx.visits++;
        for (int layer = top; layer > 0; layer--) {
            cur = greedy(ctx, q, cur, curDist, layer, n, f);
            curDist = ctx.greedyDistance;
        }
        int[] eps = ctx.entryPoints(1);
        eps[0] = cur;
        boolean finished = searchLayer(ctx, q, eps, 1, 0, width, accept, n, budget, f);
        if (!finished) {
            return scan(ctx, q, k, accept, n, ctx.visits, f);
        }
        LongHeap res = ctx.results;
        while (res.size() > k) {
            res.pop();
        }
        int count = res.size();
        int[] nodes = new int[count];
        float[] distances = new float[count];
        for (int i = count - 1; i >= 0; i--) {
            long p = ~res.pop();
            nodes[i] = Scored.node(p);
            distances[i] = report(Scored.distance(p));
        }
        return new NodeHits(nodes, distances, count, ctx.visits, false);
    }

    /**
     * Another entry for a search whose entry node's vector could not be had: the first neighbour of
     * {@code entry}, on its layers from {@code level} down, whose vector can be.
     *
     * @return the neighbour and the layer it was found on, packed as the entry is, or
     *         {@link #EMPTY_ENTRY} when none can be had
     */
    private long substituteEntry(int entry, int level, int limit, Fetch f) {
        for (int layer = level; layer >= 0; layer--) {
            int[] links = linksArray(entry, layer);
            int base = linksBase(entry, layer);
            int count = links[base];
            for (int j = base + 1; j <= base + count; j++) {
                int nb = links[j];
                if (nb >= 0 && nb < limit && levels[nb] >= layer && f.ensure(nb)) {
                    return packEntry(nb, layer);
                }
            }
        }
        return EMPTY_ENTRY;
    }

    /**
     * Exact k-NN by scanning every live (accepted) node; the ground truth for recall.
     *
     * @param query {@code float[dimension]}; not modified
     * @param k neighbours wanted, 1 to {@link Limits#MAX_K}
     * @param accept nodes allowed, or null for all
     * @return up to k live nodes, closest first (ties by ordinal), distances per {@link Metric}
     * @throws DimensionMismatchException when the query length differs from the dimension
     * @throws InvalidInputException when the query is null or not finite, or k is out of range
     */
    public NodeHits exactSearch(float[] query, int k, BitSet accept) {
        return exactSearch(query, k, accept, null);
    }

    /**
     * {@link #exactSearch(float[], int, BitSet)} on an index whose vectors may be pending: missing
     * vectors of the scanned nodes come from {@code source} ({@value #SCAN_BATCH} nodes per call); nodes
     * it does not supply are skipped.
     *
     * @param query {@code float[dimension]}; not modified
     * @param k neighbours wanted, 1 to {@link Limits#MAX_K}
     * @param accept nodes allowed, or null for all
     * @param source supplies pending vectors, or null to wait until every vector is present
     * @return up to k live nodes, closest first (ties by ordinal), distances per {@link Metric}
     * @throws DimensionMismatchException when the query length differs from the dimension
     * @throws InvalidInputException when the query is null or not finite, or k is out of range
     * @throws AgentDBException (source null) when the vectors were abandoned; what the source throws
     */
    public NodeHits exactSearch(float[] query, int k, BitSet accept, VectorSource source) {
        checkVector("query", query);
        checkK(k);
        Fetch f = fetcher(source);
        Context ctx = CONTEXT.get();
        float[] q = prepareQuery(ctx, query);
        return scan(ctx, q, k, accept, size, 0, f);
    }

    /**
     * The distance between a query and a raw vector as a search of this index computes it for a
     * node holding that vector: both normalised to unit length first for cosine, the same kernels,
     * the same conversion to the {@link Metric} definition. Lets a caller re-score a candidate
     * against a copy of its vector read elsewhere (a database row, say). The figure equals the
     * search's up to the last bits: the Vector API leaves the order of a lane reduction to the JIT
     * compiler, so one sum can round differently in two compiled methods (seen: 1 ulp on JDK 25);
     * compare re-scored candidates with each other, not with a search's figures.
     *
     * @param query {@code float[dimension]}; not modified
     * @param vector {@code float[dimension]}; not modified
     * @return the distance per {@link Metric}: cosine {@code 1 - cos} in [0, 2], l2 Euclidean,
     *         inner product {@code -dot}
     * @throws DimensionMismatchException when a length differs from the dimension
     * @throws InvalidInputException when a vector is null
     */
    public float distance(float[] query, float[] vector) {
        if (query == null || vector == null) {
            throw new InvalidInputException(query == null ? "query" : "vector", "must not be null");
        }
        if (query.length != dim || vector.length != dim) {
            throw new DimensionMismatchException(query.length != dim ? "query" : "vector", "hnsw", dim,
                    query.length != dim ? query.length : vector.length);
        }
        if (!cosine) {
            return report(l2 ? ops.squareDistance(query, 0, vector, 0, dim) : -ops.dot(query, 0, vector, 0, dim));
        }
        Context ctx = CONTEXT.get();
        float[] q = prepareQuery(ctx, query);
        float[] v = ctx.scratch(dim);
        System.arraycopy(vector, 0, v, 0, dim);
        normalise(v, 0);
        return report(-ops.dot(q, 0, v, 0, dim));
    }

    private NodeHits scan(Context ctx, float[] q, int k, BitSet accept, int n, int visitedBefore, Fetch f) {
        LongHeap res = ctx.results;
        res.clear();
        int visits = visitedBefore;
        byte[] fl = flags;
        int[] batch = ctx.batch(SCAN_BATCH);
        float[] dists = ctx.batchDistances;
        int pending = 0;
        int node = accept == null ? 0 : accept.nextSetBit(0);
        while (node >= 0 && node < n) {
            if (fl[node] != DELETED) {
                batch[pending++] = node;
                if (pending == SCAN_BATCH && f != null) {
                    pending = f.ensure(batch, pending);
                }
                if (pending == SCAN_BATCH) {
                    distances(q, batch, pending, dists, ctx.four);
                    for (int j = 0; j < pending; j++) {
                        offerBounded(res, Scored.pack(dists[j], batch[j]), k);
                    }
                    visits += pending;
                    pending = 0;
                }
            }
            node = accept == null ? node + 1 : accept.nextSetBit(node + 1);
        }
        if (f != null) {
            pending = f.ensure(batch, pending);
        }
        distances(q, batch, pending, dists, ctx.four);
        for (int j = 0; j < pending; j++) {
            offerBounded(res, Scored.pack(dists[j], batch[j]), k);
        }
        visits += pending;
        int count = res.size();
        int[] nodes = new int[count];
        float[] distances = new float[count];
        for (int i = count - 1; i >= 0; i--) {
            long p = ~res.pop();
            nodes[i] = Scored.node(p);
            distances[i] = report(Scored.distance(p));
        }
        return new NodeHits(nodes, distances, count, visits, true);
    }

    /** Keeps the k smallest packed values in a max-heap of complements. */
    private static void offerBounded(LongHeap maxHeap, long packed, int k) {
        if (maxHeap.size() < k) {
            maxHeap.push(~packed);
        } else if (packed < ~maxHeap.peek()) {
            maxHeap.replaceTop(~packed);
        }
    }

    /** Greedy walk on one upper layer (Algorithm 2 with ef = 1); sets {@code ctx.greedyDistance}. */
    private int greedy(Context ctx, float[] q, int start, float startDist, int layer, int limit, Fetch f) {
        int cur = start;
        float curDist = startDist;
        int[][][] up = upper;
        boolean moved = true;
        while (moved) {
            moved = false;
            int[] links = up[cur][layer - 1];
            int count = links[0];
            if (f != null) {
                f.ensureList(links, count, limit);
            }
            for (int j = 1; j <= count; j++) {
                int nb = links[j];
                if (nb >= limit || (f != null && !f.present(nb))) {
                    continue;
                }
                int[][] nbUpper = up[nb];
                if (nbUpper == null || nbUpper.length < layer) {
                    continue; // a torn read of a list being rewritten; only valid upper-layer nodes qualify
                }
                float d = distance(q, 0, nb);
                ctx.visits++;
                if (d < curDist) {
                    curDist = d;
                    cur = nb;
                    moved = true;
                }
            }
        }
        ctx.greedyDistance = curDist;
        return cur;
    }

    /**
     * Beam search on one layer (Algorithm 2): results, at most {@code ef}, go to
     * {@code ctx.results} as complemented packed values (a max-heap). Only live nodes that the
     * filter accepts become results; all nodes may be candidates to expand.
     *
     * @return false when the visit budget ran out (results are then incomplete)
     */
    private boolean searchLayer(Context ctx, float[] q, int[] eps, int epCount, int layer, int ef,
                                BitSet accept, int limit, int budget, Fetch f) {
        LongHeap cand = ctx.candidates;
        LongHeap res = ctx.results;
        cand.clear();
        res.clear();
        VisitedSet visited = ctx.visited;
        visited.reset(limit);
        byte[] fl = flags;
        int[][] l0 = links0;
        int[][][] up = upper;
        int visits = ctx.visits;
        for (int i = 0; i < epCount; i++) {
            int ep = eps[i];
            if (!visited.add(ep)) {
                continue;
            }
            long p = Scored.pack(distance(q, 0, ep), ep);
            visits++;
            cand.push(p);
            if (fl[ep] != DELETED && (accept == null || accept.get(ep))) {
                offerBounded(res, p, ef);
            }
        }
        long worst = res.size() >= ef ? ~res.peek() : Long.MAX_VALUE;
        while (!cand.isEmpty()) {
            long c = cand.pop();
            if (c > worst) {
                break;
            }
            int node = Scored.node(c);
            int[] links;
            int base;
            if (layer == 0) {
                links = l0[node >>> chunkShift];
                base = (node & chunkMask) * stride0;
            } else {
                links = up[node][layer - 1];
                base = 0;
            }
            int count = links[base];
            // collect the unvisited neighbours first, then compute their distances four at a
            // time so that their vectors are fetched from memory in parallel
            int[] batch = ctx.batch(count);
            int pending = 0;
            for (int j = base + 1, end = base + count; j <= end; j++) {
                int nb = links[j];
                if (nb < limit && visited.add(nb)) {
                    batch[pending++] = nb;
                }
            }
            if (f != null && pending > 0) {
                pending = f.ensure(batch, pending); // the expanded node's pending neighbours, in one fetch
            }
            if (pending == 0) {
                continue;
            }
            visits += pending;
            if (visits > budget) {
                ctx.visits = visits;
                return false;
            }
            float[] dists = ctx.batchDistances;
            distances(q, batch, pending, dists, ctx.four);
            for (int j = 0; j < pending; j++) {
                int nb = batch[j];
                long p = Scored.pack(dists[j], nb);
                if (p < worst) {
                    cand.push(p);
                    if (fl[nb] != DELETED && (accept == null || accept.get(nb))) {
                        if (res.size() < ef) {
                            res.push(~p);
                        } else {
                            res.replaceTop(~p);
                        }
                        if (res.size() >= ef) {
                            worst = ~res.peek();
                        }
                    }
                }
            }
        }
        ctx.visits = visits;
        return true;
    }

    /** Moves ctx.results into ctx.sorted, ascending. @return the count */
    private static int drainSorted(Context ctx) {
        LongHeap res = ctx.results;
        int n = res.size();
        long[] sorted = ctx.sorted(n);
        for (int i = n - 1; i >= 0; i--) {
            sorted[i] = ~res.pop();
        }
        return n;
    }

    // ------------------------------------------------------------------ persistence

    /**
     * Writes every node changed since the last flush (in ordinal order), then the entry point, to a
     * store; then forgets the changes. If the store throws, nothing is forgotten, so the caller may
     * roll back its transaction and flush again.
     *
     * @param store the destination; not null
     * @return number of nodes written
     */
    public int flush(GraphStore store) {
        writeLock.lock();
        try {
            int written = 0;
            for (int node = dirty.nextSetBit(0); node >= 0; node = dirty.nextSetBit(node + 1)) {
                writeNode(store, node);
                written++;
            }
            long e = entry;
            store.writeEntryPoint(entryNode(e), entryLevel(e));
            dirty.clear();
            return written;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * The nodes changed since the last flush or drain, copied under the writer lock: their levels,
     * deleted flags and neighbour lists, and the entry point, as they were at that moment.
     */
    public static final class Changes {
        private final int[] nodes;
        private final int[] levels;
        private final boolean[] deleted;
        private final int[][][] neighbors;
        private final int entryNode;
        private final int maxLevel;

        private Changes(int[] nodes, int[] levels, boolean[] deleted, int[][][] neighbors, int entryNode, int maxLevel) {
            this.nodes = nodes;
            this.levels = levels;
            this.deleted = deleted;
            this.neighbors = neighbors;
            this.entryNode = entryNode;
            this.maxLevel = maxLevel;
        }

        /** @return the number of changed nodes */
        public int size() {
            return nodes.length;
        }

        /**
         * Writes the copied nodes (ordinal order) and then the entry point.
         *
         * @param store the destination; not null
         */
        public void writeTo(GraphStore store) {
            for (int i = 0; i < nodes.length; i++) {
                store.writeNode(nodes[i], levels[i], deleted[i], neighbors[i]);
            }
            store.writeEntryPoint(entryNode, maxLevel);
        }
    }

    /**
     * Takes the nodes changed since the last flush or drain (a copy made under the writer lock, which
     * is held only for the copy), and forgets them, so that the caller can persist them while writers
     * go on adding nodes; nodes they change again are in the next drain. For a caller that overlaps
     * persistence with a long build; unlike {@link #flush}, changes taken by a drain whose writing then
     * fails are not kept (the caller discards the index with its transaction).
     *
     * @return the changes, possibly none
     */
    public Changes drainChanges() {
        writeLock.lock();
        try {
            int count = dirty.cardinality();
            int[] nodes = new int[count];
            int[] lv = new int[count];
            boolean[] del = new boolean[count];
            int[][][] lists = new int[count][][];
            int i = 0;
            for (int node = dirty.nextSetBit(0); node >= 0; node = dirty.nextSetBit(node + 1)) {
                nodes[i] = node;
                lv[i] = levels[node];
                del[i] = flags[node] == DELETED;
                lists[i] = neighborLists(node);
                i++;
            }
            dirty.clear();
            long e = entry;
            return new Changes(nodes, lv, del, lists, entryNode(e), entryLevel(e));
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Writes every node and the entry point (a full snapshot), then forgets pending changes.
     *
     * @param store the destination; not null
     * @return number of nodes written ({@link #size()})
     */
    public int flushAll(GraphStore store) {
        writeLock.lock();
        try {
            int n = size;
            for (int node = 0; node < n; node++) {
                writeNode(store, node);
            }
            long e = entry;
            store.writeEntryPoint(entryNode(e), entryLevel(e));
            dirty.clear();
            return n;
        } finally {
            writeLock.unlock();
        }
    }

    private void writeNode(GraphStore store, int node) {
        store.writeNode(node, levels[node], flags[node] == DELETED, neighborLists(node));
    }

    /** @return copies of a node's neighbour lists, layers 0 to its level */
    private int[][] neighborLists(int node) {
        int level = levels[node];
        int[][] neighbors = new int[level + 1][];
        for (int layer = 0; layer <= level; layer++) {
            int[] links = linksArray(node, layer);
            int base = linksBase(node, layer);
            neighbors[layer] = Arrays.copyOfRange(links, base + 1, base + 1 + links[base]);
        }
        return neighbors;
    }

    /** Forgets pending changes without writing (after the caller wrote a full snapshot). */
    public void clearDirty() {
        writeLock.lock();
        try {
            dirty.clear();
        } finally {
            writeLock.unlock();
        }
    }

    /** @return number of nodes changed since the last flush */
    public int dirtyCount() {
        writeLock.lock();
        try {
            return dirty.cardinality();
        } finally {
            writeLock.unlock();
        }
    }

    // ------------------------------------------------------------------ compaction

    /**
     * What {@link #compact()} made: a new index holding only the live nodes, and where each old
     * ordinal went.
     *
     * @param index the compacted index: {@code liveCount()} nodes, ordinals dense from 0, no
     *              tombstones, no pending changes (persist it whole, e.g. with {@link #flushAll})
     * @param newOrdinals {@code newOrdinals[old]} = the node's ordinal in {@code index}, or -1 for a
     *                    tombstone; length = the old {@link #size()}
     */
    public record Compaction(HnswIndex index, int[] newOrdinals) {
    }

    /**
     * Copies the live nodes into a new index without their tombstones, keeping the graph: each live
     * node keeps its vector, level and neighbour lists (renumbered, in ordinal order); a list that
     * links to a tombstone is re-selected by the heuristic among its live links and the tombstones'
     * live links on that layer (the repair {@link #delete} applies to the tombstone's own neighbours,
     * here applied to every node still linking to one, with keepPrunedConnections). Cost: one pass
     * over all lists plus distance computations for the repaired lists only, far less than
     * re-inserting every vector. This index is not changed, so searches running on it are
     * undisturbed; the caller swaps in the new one.
     *
     * @return the new index and the ordinal mapping
     * @throws IllegalStateException while vectors are pending (see the class comment)
     */
    public Compaction compact() {
        requireVectors("compact");
        writeLock.lock();
        try {
            int n = size;
            int[] map = new int[n];
            int next = 0;
            for (int i = 0; i < n; i++) {
                map[i] = flags[i] == DELETED ? -1 : next++;
            }
            HnswIndex out = new HnswIndex(config, ops);
            Context ctx = CONTEXT.get();
            int[] list = new int[m0 + 1];
            for (int old = 0; old < n; old++) {
                int node = map[old];
                if (node < 0) {
                    continue;
                }
                out.ensureCapacity(node);
                System.arraycopy(vectors[old >>> chunkShift], (old & chunkMask) * dim,
                        out.vectors[node >>> out.chunkShift], (node & out.chunkMask) * dim, dim); // already normalised
                int level = levels[old];
                out.levels[node] = (byte) level;
                out.upper[node] = level == 0 ? null : new int[level][m + 1];
                for (int layer = 0; layer <= level; layer++) {
                    int count = liveNeighbours(ctx, old, layer, list);
                    int[] links = out.linksArray(node, layer);
                    int base = out.linksBase(node, layer);
                    for (int j = 0; j < count; j++) {
                        links[base + 1 + j] = map[list[1 + j]];
                    }
                    links[base] = count;
                }
                out.live++;
                out.size = node + 1;
            }
            int entryNode = entryNode(entry);
            out.entry = entryNode < 0 || map[entryNode] < 0 ? out.pickEntry() : packEntry(map[entryNode], levels[entryNode]);
            out.countInLinks(); // re-selected lists may have dropped a node's last in-link
            out.relinkOrphans(ctx);
            out.dirty.clear(); // the copy is persisted whole
            return new Compaction(out, map);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Writes a live node's neighbour list on a layer into {@code out[1..count]} ({@code out[0]}
     * unused), re-selected as described in {@link #compact()} when it links to a tombstone.
     *
     * @return the count
     */
    private int liveNeighbours(Context ctx, int node, int layer, int[] out) {
        int[] links = linksArray(node, layer);
        int base = linksBase(node, layer);
        int count = links[base];
        boolean stale = false;
        for (int j = 1; j <= count; j++) {
            if (flags[links[base + j]] == DELETED) {
                stale = true;
                break;
            }
        }
        if (!stale) {
            System.arraycopy(links, base + 1, out, 1, count);
            return count;
        }
        float[] chunk = vectors[node >>> chunkShift];
        int off = (node & chunkMask) * dim;
        int cap = layer == 0 ? m0 : m;
        long[] cands = ctx.pruneBuffer(count * (cap + 1) + 1);
        int c = 0;
        for (int j = 1; j <= count; j++) {
            int x = links[base + j];
            if (flags[x] != DELETED) {
                if (!contains(cands, c, x)) {
                    cands[c++] = Scored.pack(distance(chunk, off, x), x);
                }
                continue;
            }
            int[] dLinks = linksArray(x, layer);
            int dBase = linksBase(x, layer);
            for (int i = 1; i <= dLinks[dBase]; i++) {
                int y = dLinks[dBase + i];
                if (y != node && flags[y] != DELETED && !contains(cands, c, y)) {
                    cands[c++] = Scored.pack(distance(chunk, off, y), y);
                }
            }
        }
        writeSelection(ctx, out, 0, cands, c, cap, true, false);
        return out[0];
    }

    /**
     * Rebuilds an index from persisted state, without recomputing the graph.
     *
     * @param config the configuration the graph was built with; not null
     * @return a loader; call {@link Loader#node} for every ordinal 0..n-1 in order, then {@link Loader#finish}
     */
    public static Loader loader(HnswConfig config) {
        return new RestoringLoader(new HnswIndex(config));
    }

    /**
     * Like {@link #loader(HnswConfig)} with explicit distance kernels.
     *
     * @param config the configuration the graph was built with; not null
     * @param ops the distance kernels; not null
     * @return a loader
     */
    public static Loader loader(HnswConfig config, VectorOps ops) {
        return new RestoringLoader(new HnswIndex(config, ops));
    }

    /** Restores persisted nodes into a new index. Not thread-safe; use from one thread. */
    public interface Loader {
        /**
         * @param node ordinal; must be the next one (0, 1, 2, ...)
         * @param vector the raw vector, {@code float[dimension]} (normalised here for cosine), or null
         *               when it is supplied later through {@link #vector(int, float[])}
         * @param level the node's top layer, 0 to {@link #MAX_LEVEL}
         * @param deleted whether it is a tombstone
         * @param neighbors {@code neighbors[layer]} for layers 0..level; at most {@code 2*M} on layer
         *                  0 and {@code M} above; ordinals may refer to nodes not loaded yet
         * @throws AgentDBException when the node is out of order, the level is out of range or a
         *         list is too long (a corrupt store)
         * @throws DimensionMismatchException when the vector length differs from the dimension
         */
        void node(int node, float[] vector, int level, boolean deleted, int[][] neighbors);

        /**
         * Like {@link #node(int, float[], int, boolean, int[][])} with the neighbour lists still
         * encoded ({@link GraphCodec} layout) in {@code encoded[offset, offset + length)}: the index's
         * loader decodes them straight into its own arrays (no list objects); a blob with more than
         * {@code level + 1} layers is accepted and its extra layers ignored, as there.
         *
         * @param node ordinal; must be the next one (0, 1, 2, ...)
         * @param vector the raw vector, {@code float[dimension]}, or null when it is supplied later
         * @param level the node's top layer, 0 to {@link #MAX_LEVEL}
         * @param deleted whether it is a tombstone
         * @param encoded holds the encoded lists; not null; only read during the call
         * @param offset where they start in {@code encoded}
         * @param length their length in bytes
         * @throws AgentDBException when the lists are malformed (with the messages of
         *         {@link GraphCodecReader#decode}), the node is out of order, the level is out of range,
         *         there are fewer than {@code level + 1} layers or a list is too long
         * @throws DimensionMismatchException when the vector length differs from the dimension
         * @throws IndexOutOfBoundsException when the range lies outside {@code encoded}
         */
        default void node(int node, float[] vector, int level, boolean deleted, byte[] encoded, int offset, int length) {
            node(node, vector, level, deleted, GraphCodecReader.decode(Arrays.copyOfRange(encoded, offset, Math.addExact(offset, length))));
        }

        /**
         * Supplies the vector of a node already given to {@link #node} without one, in any order: a
         * store that keeps live vectors apart from the graph (in the records, say) streams them in
         * its own order instead of holding them all to sort them.
         *
         * @param node an ordinal passed to {@link #node} with a null vector
         * @param vector the raw vector, {@code float[dimension]} (normalised here for cosine); copied
         * @throws AgentDBException when the node was not loaded or already has its vector
         * @throws DimensionMismatchException when the vector length differs from the dimension
         */
        void vector(int node, float[] vector);

        /**
         * Like {@link #vector(int, float[])} for a vector stored as little-endian float32 bytes,
         * decoded straight into the index (no intermediate array).
         *
         * @param node an ordinal passed to {@link #node} with a null vector
         * @param littleEndian {@code 4 * dimension} bytes
         * @throws AgentDBException when the node was not loaded or already has its vector
         * @throws DimensionMismatchException when the length is not {@code 4 * dimension}
         */
        void vector(int node, byte[] littleEndian);

        /**
         * @param entryNode the entry node, or -1
         * @param maxLevel its level, or -1
         * @return the restored index, with no pending changes
         * @throws AgentDBException when a neighbour ordinal or the entry point is out of range,
         *         {@code maxLevel} is not the entry node's level, or a node never got its vector
         *         (a corrupt or incomplete store)
         */
        HnswIndex finish(int entryNode, int maxLevel);

        /**
         * Like {@link #finish} without waiting for the vectors not supplied yet: the index is
         * searchable at once with those vectors pending (see the class comment), to be supplied later
         * through {@link HnswIndex#supplyVector} and ended with {@link HnswIndex#completeVectors()}.
         * Live nodes found without an in-link are relinked then (it needs their vectors). With no
         * vector missing it is {@link #finish}.
         *
         * @param entryNode the entry node, or -1
         * @param maxLevel its level, or -1
         * @return the restored index, with no pending changes
         * @throws AgentDBException when a neighbour ordinal or the entry point is out of range, or
         *         {@code maxLevel} is not the entry node's level
         */
        HnswIndex finishPending(int entryNode, int maxLevel);
    }

    private static final class RestoringLoader implements Loader {
        private HnswIndex index;
        /** Nodes loaded without their vector, still waiting for {@link #vector}. */
        private final BitSet awaitingVector = new BitSet();
        /**
         * Layer-0 links seen while the nodes were given, for {@link #restore}'s checks and in-link
         * counts without a second pass over every list: the largest and smallest target, and each
         * target's in-links from live nodes (grown as targets appear).
         */
        private int maxLink0 = -1;
        private int minLink0;
        private int[] inLinks = new int[0];

        RestoringLoader(HnswIndex index) {
            this.index = index;
        }

        /** The checks both ways of giving a node make before its lists: its ordinal, vector and level. */
        private static void checkNext(HnswIndex ix, int node, float[] vector, int level) {
            if (node != ix.size) {
                throw new AgentDBException("HNSW load: expected node " + ix.size + ", got " + node);
            }
            if (vector != null) {
                ix.checkVector("vector", vector);
            }
            if (level < 0 || level > MAX_LEVEL) {
                throw new AgentDBException("HNSW load: node " + node + " has level " + level + ", expected 0 to " + MAX_LEVEL);
            }
        }

        @Override
        public void node(int node, float[] vector, int level, boolean deleted, int[][] neighbors) {
            HnswIndex ix = open();
            checkNext(ix, node, vector, level);
            if (neighbors == null || neighbors.length < level + 1) {
                throw new AgentDBException("HNSW load: node " + node + " at level " + level + " needs " + (level + 1)
                        + " neighbour lists, got " + (neighbors == null ? 0 : neighbors.length));
            }
            ix.ensureCapacity(node);
            if (vector != null) {
                ix.storeVector(node, vector);
            } else {
                awaitingVector.set(node);
            }
            ix.levels[node] = (byte) level;
            ix.upper[node] = level == 0 ? null : new int[level][ix.m + 1];
            for (int layer = 0; layer <= level; layer++) {
                int[] list = neighbors[layer] == null ? NO_LINKS : neighbors[layer];
                int cap = layer == 0 ? ix.m0 : ix.m;
                if (list.length > cap) {
                    throw new AgentDBException("HNSW load: node " + node + " layer " + layer + " has " + list.length
                            + " neighbours, more than the limit " + cap);
                }
                int[] links = ix.linksArray(node, layer);
                int base = ix.linksBase(node, layer);
                System.arraycopy(list, 0, links, base + 1, list.length);
                links[base] = list.length;
                if (layer == 0) {
                    for (int nb : list) {
                        sawLink0(nb, deleted);
                    }
                }
            }
            ix.flags[node] = deleted ? DELETED : 0;
            if (!deleted) {
                ix.live++;
            }
            ix.size = node + 1;
        }

        @Override
        public void node(int node, float[] vector, int level, boolean deleted, byte[] encoded, int offset, int length) {
            HnswIndex ix = open();
            java.util.Objects.checkFromIndexSize(offset, length, encoded.length);
            checkNext(ix, node, vector, level);
            // the checks and messages of GraphCodecReader.decode, reading in place
            if (length < GraphCodec.HEADER_BYTES) {
                throw new AgentDBException("HNSW neighbour lists: " + length + " bytes is shorter than the "
                        + GraphCodec.HEADER_BYTES + "-byte header");
            }
            int magic = int32(encoded, offset);
            if (magic != GraphCodec.MAGIC) {
                throw new AgentDBException(String.format("HNSW neighbour lists: bad magic number 0x%08X, expected 0x%08X",
                        magic, GraphCodec.MAGIC));
            }
            int version = uint16(encoded, offset + 4);
            if (version != GraphCodec.FORMAT_VERSION) {
                throw new AgentDBException("HNSW neighbour lists: unsupported format version " + version
                        + "; this reader supports version " + GraphCodec.FORMAT_VERSION + " only");
            }
            int layers = uint16(encoded, offset + 6);
            if (layers < 1 || layers > MAX_LEVEL + 1) {
                throw new AgentDBException("HNSW neighbour lists: layer count " + layers + " is outside 1 to " + (MAX_LEVEL + 1));
            }
            if (layers < level + 1) {
                throw new AgentDBException("HNSW load: node " + node + " at level " + level + " needs " + (level + 1)
                        + " neighbour lists, got " + layers);
            }
            ix.ensureCapacity(node);
            int end = offset + length;
            int at = offset + GraphCodec.HEADER_BYTES;
            int[][] up = level == 0 ? null : new int[level][ix.m + 1];
            ix.upper[node] = up; // the node is not published (size) before it is complete
            for (int layer = 0; layer < layers; layer++) {
                if (end - at < 2) {
                    throw new AgentDBException("HNSW neighbour lists: truncated before layer " + layer);
                }
                int count = uint16(encoded, at);
                at += 2;
                if (end - at < 4 * count) {
                    throw new AgentDBException("HNSW neighbour lists: layer " + layer + " claims " + count
                            + " ordinals but only " + (end - at) + " bytes remain");
                }
                if (layer <= level) {
                    int cap = layer == 0 ? ix.m0 : ix.m;
                    if (count > cap) {
                        throw new AgentDBException("HNSW load: node " + node + " layer " + layer + " has " + count
                                + " neighbours, more than the limit " + cap);
                    }
                    int[] links = layer == 0 ? ix.links0[node >>> ix.chunkShift] : up[layer - 1];
                    int base = layer == 0 ? (node & ix.chunkMask) * ix.stride0 : 0;
                    for (int j = 1, p = at; j <= count; j++, p += 4) {
                        int nb = int32(encoded, p);
                        links[base + j] = nb;
                        if (layer == 0) {
                            sawLink0(nb, deleted);
                        }
                    }
                    links[base] = count;
                }
                at += 4 * count;
            }
            if (at != end) {
                throw new AgentDBException("HNSW neighbour lists: " + (end - at) + " unexpected trailing bytes");
            }
            if (vector != null) {
                ix.storeVector(node, vector);
            } else {
                awaitingVector.set(node);
            }
            ix.levels[node] = (byte) level;
            ix.flags[node] = deleted ? DELETED : 0;
            if (!deleted) {
                ix.live++;
            }
            ix.size = node + 1;
        }

        @Override
        public void vector(int node, float[] vector) {
            HnswIndex ix = open();
            if (!awaitingVector.get(node)) {
                throw new AgentDBException("HNSW load: node " + node + (node >= 0 && node < ix.size
                        ? " already has its vector" : " was not loaded (" + ix.size + " nodes)"));
            }
            ix.checkVector("vector", vector);
            ix.storeVector(node, vector);
            awaitingVector.clear(node);
        }

        @Override
        public void vector(int node, byte[] littleEndian) {
            HnswIndex ix = open();
            if (!awaitingVector.get(node)) {
                throw new AgentDBException("HNSW load: node " + node + (node >= 0 && node < ix.size
                        ? " already has its vector" : " was not loaded (" + ix.size + " nodes)"));
            }
            ix.checkLittleEndian(littleEndian);
            ix.storeLittleEndian(node, littleEndian);
            awaitingVector.clear(node);
        }

        @Override
        public HnswIndex finish(int entryNode, int maxLevel) {
            if (!awaitingVector.isEmpty()) {
                throw new AgentDBException("HNSW load: " + awaitingVector.cardinality() + " node(s) never got a vector, the first "
                        + awaitingVector.nextSetBit(0));
            }
            return restore(entryNode, maxLevel);
        }

        @Override
        public HnswIndex finishPending(int entryNode, int maxLevel) {
            if (awaitingVector.isEmpty()) {
                return restore(entryNode, maxLevel);
            }
            HnswIndex ix = open();
            ix.pending = new Pending(ix.size, awaitingVector); // before the checks read anything: no search sees it yet
            return restore(entryNode, maxLevel);
        }

        /**
         * Big-endian reads of the {@link GraphCodec} layout in place: plain shifts, not a VarHandle or
         * a ByteBuffer, because a load runs once, mostly before the JIT compiler got to it, and an
         * interpreted VarHandle access costs far more than a few interpreted shifts.
         */
        private static int int32(byte[] b, int at) {
            return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF;
        }

        private static int uint16(byte[] b, int at) {
            return (b[at] & 0xFF) << 8 | b[at + 1] & 0xFF;
        }

        private void sawLink0(int nb, boolean fromTombstone) {
            maxLink0 = Math.max(maxLink0, nb);
            minLink0 = Math.min(minLink0, nb);
            if (!fromTombstone && nb >= 0) {
                if (nb >= inLinks.length) {
                    inLinks = Arrays.copyOf(inLinks, Math.max(nb + 1, Math.max(1024, inLinks.length * 2)));
                }
                inLinks[nb]++;
            }
        }

        private HnswIndex restore(int entryNode, int maxLevel) {
            HnswIndex ix = open();
            int n = ix.size;
            // layer 0: every node has one, any node is of that layer, so the range of the targets seen suffices;
            // the upper layers (about 1/M of the nodes) are checked one by one
            int firstLayer = minLink0 >= 0 && maxLink0 < n ? 1 : 0;
            for (int node = 0; node < n; node++) {
                for (int layer = firstLayer; layer <= ix.levels[node]; layer++) {
                    int[] links = ix.linksArray(node, layer);
                    int base = ix.linksBase(node, layer);
                    for (int j = 1; j <= links[base]; j++) {
                        int nb = links[base + j];
                        if (nb < 0 || nb >= n || ix.levels[nb] < layer) {
                            throw new AgentDBException("HNSW load: node " + node + " layer " + layer + " links to "
                                    + nb + ", which is not a node of that layer (" + n + " nodes loaded)");
                        }
                    }
                }
            }
            if (entryNode < -1 || entryNode >= n) {
                throw new AgentDBException("HNSW load: entry node " + entryNode + " is out of range (" + n + " nodes loaded)");
            }
            if (entryNode >= 0 && maxLevel != ix.levels[entryNode]) {
                throw new AgentDBException("HNSW load: entry node " + entryNode + " has level " + ix.levels[entryNode]
                        + ", but the stored max level is " + maxLevel);
            }
            ix.entry = entryNode < 0 ? EMPTY_ENTRY : packEntry(entryNode, maxLevel);
            // counted as the nodes were given; a graph written before the orphan guard may hold orphans:
            // they are relinked (and persisted by the next write)
            System.arraycopy(inLinks, 0, ix.inLinks0, 0, Math.min(n, inLinks.length));
            for (int node = 0; node < n; node++) {
                ix.noteIfOrphan(node);
            }
            if (ix.pending == null) {
                ix.relinkOrphans(CONTEXT.get()); // else by completeVectors, which has the vectors relinking compares
            }
            index = null;
            return ix;
        }

        private HnswIndex open() {
            if (index == null) {
                throw new IllegalStateException("HNSW loader already finished");
            }
            return index;
        }
    }

    // ------------------------------------------------------------------ pending vectors

    /**
     * Where a search gets the vectors of nodes still pending (see the class comment): a database read
     * of those nodes' records, say. Called from the searching thread.
     */
    @FunctionalInterface
    public interface VectorSource {
        /**
         * Supplies what it can of the vectors of some pending nodes, through
         * {@link HnswIndex#supplyVector(int, float[])} or {@link HnswIndex#supplyVector(int, byte[])} of
         * {@code index}, ideally in one read. A node it does not supply (its record is gone) is skipped by
         * the search that asked.
         *
         * @param index the index asking
         * @param nodes the ordinals, {@code nodes[0..count)}; read only, valid during the call
         * @param count how many, 1 or more
         */
        void fetch(HnswIndex index, int[] nodes, int count);
    }

    /**
     * @return how many live nodes the load found without a layer-0 in-link that still wait to be
     *         relinked (only while vectors are pending: {@link #completeVectors()} relinks them; a
     *         graph written before the orphan guard may hold some). Until then no traversal reaches
     *         them, so a caller that wants full recall at once loads such a graph eagerly instead.
     */
    public int orphansAwaitingVectors() {
        return pending == null ? 0 : orphanCount;
    }

    /** @return whether some live node's vector is still pending (see the class comment); one volatile read */
    public boolean vectorsPending() {
        return pending != null;
    }

    /** @return how many nodes still wait for their vector (a moment behind concurrent suppliers); 0 when none is pending */
    public int missingVectors() {
        Pending p = pending;
        return p == null ? 0 : p.missing.get();
    }

    /**
     * Gives a pending node its vector; a node that already has one keeps it (another thread supplied
     * it first). Thread-safe: the fill and any number of searches may supply concurrently.
     *
     * @param node an ordinal, 0 to {@link #size()}-1
     * @param vector the raw vector, {@code float[dimension]} of finite values (normalised here for cosine); copied
     * @return true when the node was pending and now has the vector, false when it had one already
     * @throws DimensionMismatchException when the length differs from the dimension
     * @throws InvalidInputException when the vector is null or not finite, or the ordinal is out of range
     */
    public boolean supplyVector(int node, float[] vector) {
        checkVector("vector", vector);
        return supply(node, vector, null);
    }

    /**
     * Like {@link #supplyVector(int, float[])} for a vector stored as little-endian float32 bytes.
     *
     * @param node an ordinal, 0 to {@link #size()}-1
     * @param littleEndian {@code 4 * dimension} bytes of finite floats
     * @return true when the node was pending and now has the vector, false when it had one already
     * @throws DimensionMismatchException when the length is not {@code 4 * dimension}
     * @throws InvalidInputException when a value is not finite or the ordinal is out of range
     */
    public boolean supplyVector(int node, byte[] littleEndian) {
        checkLittleEndian(littleEndian);
        return supply(node, null, littleEndian);
    }

    /**
     * The step both {@code supplyVector} share: stores one of {@code vector} (checked) or
     * {@code littleEndian} (length checked) into a pending node's slot under its lock and publishes it.
     */
    private boolean supply(int node, float[] vector, byte[] littleEndian) {
        checkNode(node);
        Pending p = pending;
        if (p == null || p.present(node)) {
            return false;
        }
        synchronized (p.lock(node)) { // two suppliers of one node never interleave their writes
            if (p.present(node)) {
                return false;
            }
            // the slot is not read before the flag below says so (a refused vector leaves it
            // unpublished, for another supplier to overwrite)
            if (vector != null) {
                storeVector(node, vector);
            } else {
                storeLittleEndian(node, littleEndian);
            }
            READY.setRelease(p.ready, node, (byte) 1);
        }
        p.missing.decrementAndGet();
        return true;
    }

    /** @throws DimensionMismatchException when {@code littleEndian} is null or not {@code 4 * dimension} bytes */
    private void checkLittleEndian(byte[] littleEndian) {
        if (littleEndian == null || littleEndian.length != dim * Float.BYTES) {
            throw new DimensionMismatchException("vector", "hnsw", dim, littleEndian == null ? 0 : littleEndian.length / Float.BYTES);
        }
    }

    /**
     * Decodes little-endian float32 bytes ({@link #checkLittleEndian checked}) straight into a node's
     * slot, normalised for cosine.
     *
     * @throws InvalidInputException naming the first value that is not finite (the slot then holds garbage, unpublished)
     */
    private void storeLittleEndian(int node, byte[] littleEndian) {
        float[] chunk = vectors[node >>> chunkShift];
        int off = (node & chunkMask) * dim;
        ByteBuffer.wrap(littleEndian).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(chunk, off, dim);
        for (int i = off; i < off + dim; i++) {
            if (!Float.isFinite(chunk[i])) {
                throw new InvalidInputException("vector[" + (i - off) + "]", "must be finite, was " + chunk[i]);
            }
        }
        if (cosine) {
            normalise(chunk, off);
        }
    }

    /**
     * Ends the pending state once every node has its vector: relinks the live nodes the load found
     * without an in-link (that needs their vectors; persisted by the next write), then searches stop
     * consulting sources. Called by the thread that streamed the vectors in.
     *
     * @throws AgentDBException when some node still has no vector (named in the message)
     */
    public void completeVectors() {
        Pending p = pending;
        if (p == null) {
            return;
        }
        // the flags, not the counter: a supplier decrements it only after releasing its flag. Reading
        // every flag with acquire also orders every supplier's floats before the null published below.
        int absent = 0;
        int first = -1;
        for (int node = 0; node < p.ready.length; node++) {
            if (!p.present(node)) {
                absent++;
                first = first < 0 ? node : first;
            }
        }
        if (absent > 0) {
            throw new AgentDBException("HNSW load: " + absent + " node(s) never got a vector, the first " + first);
        }
        writeLock.lock();
        try {
            relinkOrphans(CONTEXT.get());
            pending = null; // volatile: every vector whose flag was read above is visible to whoever reads null
        } finally {
            writeLock.unlock();
            p.settled.countDown();
        }
    }

    /**
     * Gives up waiting for the pending vectors (the stream failed or was stopped): threads in
     * {@link #awaitVectors()} return false; searches with a source keep working, the others fail.
     *
     * @param reason why, for error messages; not null
     */
    public void abandonVectors(String reason) {
        Pending p = pending;
        if (p != null) {
            p.failure = reason;
            p.settled.countDown();
        }
    }

    /**
     * Waits until no vector is pending. An interrupt does not end the wait early (a write must not
     * run on a half-loaded index) but is kept: the interrupt flag is set again on return.
     *
     * @return true when every vector is present, false when they were abandoned ({@link #abandonVectors})
     */
    public boolean awaitVectors() {
        Pending p = pending;
        if (p == null) {
            return true;
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    p.settled.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return pending == null;
    }

    private void requireVectors(String operation) {
        if (pending != null) {
            throw new IllegalStateException("HNSW " + operation + ": " + missingVectors()
                    + " vectors are still pending; wait with awaitVectors() first");
        }
    }

    /** @return null on the usual path (no vector pending); else the pending state bound to a source, waiting first when there is none */
    private Fetch fetcher(VectorSource source) {
        Pending p = pending;
        if (p == null) {
            return null;
        }
        if (source == null) {
            if (!awaitVectors()) {
                throw new AgentDBException("HNSW search: the pending vectors were abandoned (" + p.failure + ")");
            }
            return null;
        }
        return new Fetch(this, p, source);
    }

    /** Which nodes have their vector while some are pending. */
    private static final class Pending {
        /** 1 once the node's vector is present; element access through {@link #READY} only. */
        final byte[] ready;
        final AtomicInteger missing;
        final Object[] locks = new Object[64];
        final CountDownLatch settled = new CountDownLatch(1);
        volatile String failure;

        Pending(int size, BitSet awaiting) {
            ready = new byte[size];
            Arrays.fill(ready, (byte) 1);
            for (int node = awaiting.nextSetBit(0); node >= 0; node = awaiting.nextSetBit(node + 1)) {
                ready[node] = 0;
            }
            missing = new AtomicInteger(awaiting.cardinality());
            for (int i = 0; i < locks.length; i++) {
                locks[i] = new Object();
            }
        }

        boolean present(int node) {
            return (byte) READY.getAcquire(ready, node) != 0;
        }

        Object lock(int node) {
            return locks[node & (locks.length - 1)];
        }
    }

    /** One search's access to pending vectors: which are present, and fetching the missing ones. */
    private static final class Fetch {
        private final HnswIndex index;
        private final Pending pending;
        private final VectorSource source;
        private int[] missing = new int[64];

        Fetch(HnswIndex index, Pending pending, VectorSource source) {
            this.index = index;
            this.pending = pending;
            this.source = source;
        }

        boolean present(int node) {
            return pending.present(node);
        }

        /** @return whether the node has its vector, after fetching it if needed */
        boolean ensure(int node) {
            if (!pending.present(node)) {
                missing[0] = node;
                source.fetch(index, missing, 1);
            }
            return pending.present(node);
        }

        /**
         * Fetches the missing vectors among {@code nodes[0..n)} in one call, then drops the nodes still
         * without one, keeping the order of the others.
         *
         * @return how many nodes remain
         */
        int ensure(int[] nodes, int n) {
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (!pending.present(nodes[i])) {
                    if (m == missing.length) {
                        missing = Arrays.copyOf(missing, m * 2);
                    }
                    missing[m++] = nodes[i];
                }
            }
            if (m == 0) {
                return n;
            }
            source.fetch(index, missing, m);
            int kept = 0;
            for (int i = 0; i < n; i++) {
                if (pending.present(nodes[i])) {
                    nodes[kept++] = nodes[i];
                }
            }
            return kept;
        }

        /** Fetches the missing vectors of an upper-layer list {@code links[1..count]} (ordinals below {@code limit}). */
        void ensureList(int[] links, int count, int limit) {
            int m = 0;
            for (int j = 1; j <= count; j++) {
                int nb = links[j];
                if (nb < limit && !pending.present(nb)) {
                    if (m == missing.length) {
                        missing = Arrays.copyOf(missing, m * 2);
                    }
                    missing[m++] = nb;
                }
            }
            if (m > 0) {
                source.fetch(index, missing, m);
            }
        }
    }

    // ------------------------------------------------------------------ storage helpers

    /** Counts {@link #inLinks0} from scratch and queues the orphans (after a load or a compaction). */
    private void countInLinks() {
        int n = size;
        Arrays.fill(inLinks0, 0);
        for (int node = 0; node < n; node++) {
            if (flags[node] == DELETED) {
                continue;
            }
            int[] links = linksArray(node, 0);
            int base = linksBase(node, 0);
            for (int j = 1; j <= links[base]; j++) {
                inLinks0[links[base + j]]++;
            }
        }
        for (int node = 0; node < n; node++) {
            noteIfOrphan(node);
        }
    }

    private void ensureCapacity(int node) {
        int c = node >>> chunkShift;
        if (c >= vectors.length) {
            int chunks = Math.max(c + 1, vectors.length * 2);
            vectors = Arrays.copyOf(vectors, chunks);
            links0 = Arrays.copyOf(links0, chunks);
        }
        int needed = (node & chunkMask) + 1;
        float[] vc = vectors[c];
        int have = vc == null ? 0 : vc.length / dim;
        if (have < needed) {
            // chunk 0 grows from 16 nodes so that small indexes stay small; later chunks are full size
            int cap = c == 0 ? Math.min(chunkSize, Math.max(16, have * 2)) : chunkSize;
            while (cap < needed) {
                cap = Math.min(chunkSize, cap * 2);
            }
            vectors[c] = vc == null ? new float[cap * dim] : Arrays.copyOf(vc, cap * dim);
            int[] lc = links0[c];
            links0[c] = lc == null ? new int[cap * stride0] : Arrays.copyOf(lc, cap * stride0);
        }
        if (node >= levels.length) {
            int cap = Math.max(16, levels.length * 2);
            levels = Arrays.copyOf(levels, cap);
            flags = Arrays.copyOf(flags, cap);
            upper = Arrays.copyOf(upper, cap);
            inLinks0 = Arrays.copyOf(inLinks0, cap);
        }
    }

    private void storeVector(int node, float[] vector) {
        float[] chunk = vectors[node >>> chunkShift];
        int off = (node & chunkMask) * dim;
        System.arraycopy(vector, 0, chunk, off, dim);
        if (cosine) {
            normalise(chunk, off);
        }
    }

    private void normalise(float[] v, int off) {
        double sum = 0;
        for (int i = 0; i < dim; i++) {
            sum += (double) v[off + i] * v[off + i];
        }
        if (sum > 0) {
            float inv = (float) (1.0 / Math.sqrt(sum));
            for (int i = 0; i < dim; i++) {
                v[off + i] *= inv;
            }
        }
    }

    private float[] prepareQuery(Context ctx, float[] query) {
        if (!cosine) {
            return query;
        }
        float[] q = ctx.query(dim);
        System.arraycopy(query, 0, q, 0, dim);
        normalise(q, 0);
        return q;
    }

    private int[] linksArray(int node, int layer) {
        return layer == 0 ? links0[node >>> chunkShift] : upper[node][layer - 1];
    }

    private int linksBase(int node, int layer) {
        return layer == 0 ? (node & chunkMask) * stride0 : 0;
    }

    /** Internal distance: squared L2, or {@code -dot} (cosine on unit vectors, inner product). */
    private float distance(float[] a, int aOffset, int node) {
        float[] chunk = vectors[node >>> chunkShift];
        int off = (node & chunkMask) * dim;
        return l2 ? ops.squareDistance(a, aOffset, chunk, off, dim) : -ops.dot(a, aOffset, chunk, off, dim);
    }

    /** Internal distances from {@code q} to {@code nodes[0..n)} into {@code out}, four at a time. */
    private void distances(float[] q, int[] nodes, int n, float[] out, float[] four4) {
        float[][] v = vectors;
        float[] four = out;
        int i = 0;
        if (l2) {
            for (; i + 4 <= n; i += 4) {
                int a = nodes[i];
                int b = nodes[i + 1];
                int c = nodes[i + 2];
                int d = nodes[i + 3];
                ops.squareDistance4(q, 0, v[a >>> chunkShift], (a & chunkMask) * dim, v[b >>> chunkShift], (b & chunkMask) * dim,
                        v[c >>> chunkShift], (c & chunkMask) * dim, v[d >>> chunkShift], (d & chunkMask) * dim, dim, four4);
                four[i] = four4[0];
                four[i + 1] = four4[1];
                four[i + 2] = four4[2];
                four[i + 3] = four4[3];
            }
        } else {
            for (; i + 4 <= n; i += 4) {
                int a = nodes[i];
                int b = nodes[i + 1];
                int c = nodes[i + 2];
                int d = nodes[i + 3];
                ops.dot4(q, 0, v[a >>> chunkShift], (a & chunkMask) * dim, v[b >>> chunkShift], (b & chunkMask) * dim,
                        v[c >>> chunkShift], (c & chunkMask) * dim, v[d >>> chunkShift], (d & chunkMask) * dim, dim, four4);
                four[i] = -four4[0];
                four[i + 1] = -four4[1];
                four[i + 2] = -four4[2];
                four[i + 3] = -four4[3];
            }
        }
        int rest = n - i;
        if (rest == 1) {
            out[i] = distance(q, 0, nodes[i]);
        } else if (rest > 1) {
            // pad the last group by repeating its last node: one 4-way pass costs less than 2-3 single ones
            int a = nodes[i];
            int b = nodes[i + 1];
            int c = rest > 2 ? nodes[i + 2] : b;
            int oa = (a & chunkMask) * dim;
            int ob = (b & chunkMask) * dim;
            int oc = (c & chunkMask) * dim;
            if (l2) {
                ops.squareDistance4(q, 0, v[a >>> chunkShift], oa, v[b >>> chunkShift], ob, v[c >>> chunkShift], oc,
                        v[c >>> chunkShift], oc, dim, four4);
            } else {
                ops.dot4(q, 0, v[a >>> chunkShift], oa, v[b >>> chunkShift], ob, v[c >>> chunkShift], oc,
                        v[c >>> chunkShift], oc, dim, four4);
                four4[0] = -four4[0];
                four4[1] = -four4[1];
                four4[2] = -four4[2];
            }
            for (int j = 0; j < rest; j++) {
                out[i + j] = four4[j];
            }
        }
    }

    /** Converts an internal distance to the {@link Metric} definition. */
    private float report(float internal) {
        if (l2) {
            return (float) Math.sqrt(Math.max(0f, internal));
        }
        if (cosine) {
            return Math.min(2f, Math.max(0f, 1f + internal));
        }
        return internal;
    }

    private int randomLevel(int node) {
        // SplitMix64 of (seed, ordinal): reproducible per node, independent of insertion history
        long z = config.seed() + (node + 1L) * 0x9E37_79B9_7F4A_7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        z = z ^ (z >>> 31);
        double u = (z >>> 11) * 0x1.0p-53; // [0, 1)
        int level = (int) (-Math.log(1.0 - u) * levelMultiplier);
        return Math.min(level, MAX_LEVEL);
    }

    private static int countAccepted(BitSet accept, int n) {
        if (accept.length() <= n) {
            return accept.cardinality();
        }
        int count = 0;
        for (int i = accept.nextSetBit(0); i >= 0 && i < n; i = accept.nextSetBit(i + 1)) {
            count++;
        }
        return count;
    }

    private void checkVector(String field, float[] v) {
        if (v == null) {
            throw new InvalidInputException(field, "must not be null");
        }
        if (v.length != dim) {
            throw new DimensionMismatchException(field, "hnsw", dim, v.length);
        }
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new InvalidInputException(field + "[" + i + "]", "must be finite, was " + v[i]);
            }
        }
    }

    private static void checkK(int k) {
        if (k < 1 || k > Limits.MAX_K) {
            throw new InvalidInputException("k", "must be between 1 and " + Limits.MAX_K + ", was " + k);
        }
    }

    private void checkNode(int node) {
        int n = size;
        if (node < 0 || node >= n) {
            throw new InvalidInputException("node", "must be between 0 and " + (n - 1) + ", was " + node);
        }
    }

    private static long packEntry(int node, int level) {
        return ((long) level << 32) | (node & 0xFFFF_FFFFL);
    }

    private static int entryNode(long e) {
        return (int) e;
    }

    private static int entryLevel(long e) {
        return (int) (e >> 32);
    }

    /** Per-thread scratch space, reused across searches of every index. */
    private static final class Context {
        final VisitedSet visited = new VisitedSet();
        final LongHeap candidates = new LongHeap(256);
        final LongHeap results = new LongHeap(256);
        long[] sorted = new long[256];
        long[] prune = new long[128];
        int[] entryPoints = new int[256];
        int[] selection = new int[64];
        int[] batch = new int[64];
        float[] batchDistances = new float[64];
        final float[] four = new float[4];
        float[] query = new float[0];
        float[] scratch = new float[0];
        int visits;
        float greedyDistance;

        float[] query(int dim) {
            if (query.length != dim) {
                query = new float[dim];
            }
            return query;
        }

        float[] scratch(int dim) {
            if (scratch.length != dim) {
                scratch = new float[dim];
            }
            return scratch;
        }

        long[] sorted(int n) {
            if (sorted.length < n) {
                sorted = new long[n * 2];
            }
            return sorted;
        }

        long[] pruneBuffer(int n) {
            if (prune.length < n) {
                prune = new long[n * 2];
            }
            return prune;
        }

        int[] entryPoints(int n) {
            if (entryPoints.length < n) {
                entryPoints = new int[n * 2];
            }
            return entryPoints;
        }

        int[] batch(int n) {
            if (batch.length < n) {
                batch = new int[n * 2];
                batchDistances = new float[n * 2];
            }
            return batch;
        }

        int[] selection(int n) {
            if (selection.length < n) {
                selection = new int[n * 2];
            }
            return selection;
        }
    }
}
