package dev.agentdb.sharding;

import dev.agentdb.InvalidInputException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;

/**
 * Which shard holds a record: rendezvous, or highest-random-weight, hashing (D. G. Thaler and C. V.
 * Ravishankar, "Using name-based mappings to increase hit rates", IEEE/ACM Transactions on
 * Networking 6(1), 1998). Every shard scores every id with a hash of (shard name, id); the highest
 * score wins. So placement depends only on the set of shard names, not on their order, and adding a
 * shard to n moves only the ids the new shard now wins, about 1/(n+1) of them, all onto it; removing
 * one moves only its own ids.
 *
 * <p>The score is 64-bit FNV-1a over the UTF-8 bytes of the shard name, a 0 byte and the id, passed
 * through the SplitMix64 finaliser (G. L. Steele, D. Lea, C. H. Flood, "Fast splittable
 * pseudorandom number generators", OOPSLA 2014) so that ids differing in one character score
 * independently. This function decides where stored rows are: it must never change (a test pins
 * placements). Ties, which need equal 64-bit scores, go to the smaller name.
 *
 * <p>Immutable and thread-safe.
 */
public final class ShardRing {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final List<String> names;
    private final long[] seeds;

    /**
     * @param names the shards' names (for Cloudflare D1, the database ids); 1 or more, distinct, not
     *              blank; their order does not matter
     * @throws InvalidInputException naming {@code shards} when there is none, a name is null or blank,
     *         or two are equal
     */
    public ShardRing(Collection<String> names) {
        if (names == null || names.isEmpty()) {
            throw new InvalidInputException("shards", "at least one shard is needed");
        }
        List<String> sorted = new ArrayList<>(names);
        for (String n : sorted) {
            if (n == null || n.isBlank()) {
                throw new InvalidInputException("shards", "a shard name must not be blank");
            }
        }
        if (new HashSet<>(sorted).size() != sorted.size()) {
            throw new InvalidInputException("shards", "shard names must be distinct: " + sorted);
        }
        sorted.sort(null);
        this.names = List.copyOf(sorted);
        this.seeds = new long[sorted.size()];
        for (int i = 0; i < seeds.length; i++) {
            long h = fnv(FNV_OFFSET, sorted.get(i).getBytes(StandardCharsets.UTF_8));
            seeds[i] = (h ^ 0) * FNV_PRIME; // the 0 byte between name and id
        }
    }

    /** @return the shard names, sorted (String order); index {@code i} is the shard {@link #shardOf} returns as {@code i} */
    public List<String> names() {
        return names;
    }

    /** @return the number of shards, 1 or more */
    public int size() {
        return names.size();
    }

    /**
     * @param key a record id or state key; not null
     * @return the index in {@link #names()} of the shard that holds it
     */
    public int shardOf(String key) {
        if (seeds.length == 1) {
            return 0;
        }
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        int best = 0;
        long bestScore = 0;
        for (int i = 0; i < seeds.length; i++) {
            long score = mix(fnv(seeds[i], bytes));
            if (i == 0 || Long.compareUnsigned(score, bestScore) > 0) {
                best = i;
                bestScore = score;
            }
        }
        return best;
    }

    /** @return the names, as the ring is recorded in each shard and shown in messages, e.g. {@code [a, b, c]} */
    @Override
    public String toString() {
        return names.toString();
    }

    private static long fnv(long h, byte[] bytes) {
        for (byte b : bytes) {
            h = (h ^ (b & 0xff)) * FNV_PRIME;
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
