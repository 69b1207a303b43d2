package dev.agentdb.compat;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionSpec;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Identical results across backends: the same deterministic records loaded into two databases
 * (e.g. SQLite and PostgreSQL) must give the same ids in the same order, with scores and distances
 * equal within {@link #TOLERANCE}, for every {@link Metric}.
 *
 * <pre>{@code
 * try (AgentDB sqlite = AgentDB.open("sqlite:" + dir.resolve("x.db"));
 *      AgentDB postgres = AgentDB.open(TestBackends.url("POSTGRES"))) {
 *     CrossBackendAssertions.assertSameResults(sqlite, postgres);
 * }
 * }</pre>
 *
 * <p>Per metric it creates one collection in each database ({@code <prefix>_<metric>}, dropped
 * afterwards; the names must be free), inserts {@link Options#size()} clustered vectors with
 * metadata and text, and compares: a sample of {@code get} round trips (embedding bit for bit,
 * metadata as JSON, text, timestamp), exact searches, exact filtered searches, and (unless
 * {@link Options#withAnn(boolean)} turns it off) ANN searches with {@code efSearch} = corpus size,
 * which on a corpus this small must equal the exact answer on both sides. Each side is also checked
 * against the naive k-NN of {@link TestVectors}, so a failure says which backend is wrong.
 */
public final class CrossBackendAssertions {
    /** Largest allowed difference of score or distance (relative above 1, absolute below; see {@link TestVectors#close}). */
    public static final double TOLERANCE = 1e-5;

    private CrossBackendAssertions() {
    }

    /**
     * What {@link #assertSameResults(AgentDB, AgentDB, Options)} loads and asks. Immutable; the
     * defaults are small (300 vectors of 16 dimensions, 8 queries, k = 10).
     */
    public static final class Options {
        private final String prefix;
        private final int size;
        private final int dimension;
        private final int queries;
        private final int k;
        private final long seed;
        private final boolean ann;

        private Options(String prefix, int size, int dimension, int queries, int k, long seed, boolean ann) {
            if (size < 1 || size > 10_000 || dimension < 1 || queries < 1 || k < 1) {
                throw new IllegalArgumentException("size 1..10000, dimension, queries and k >= 1");
            }
            this.prefix = prefix;
            this.size = size;
            this.dimension = dimension;
            this.queries = queries;
            this.k = k;
            this.seed = seed;
            this.ann = ann;
        }

        /** @return prefix {@code xb}, 300 vectors, 16 dimensions, 8 queries, k = 10, seed 20261121, ANN compared */
        public static Options defaults() {
            return new Options("xb", 300, 16, 8, 10, 20_261_121L, true);
        }

        /**
         * Sets the collection name prefix; the collections are {@code <prefix>_<metric>} (e.g.
         * {@code xb_inner_product}), which must be free in both databases. Not checked here: a prefix
         * that does not make a valid collection name (a letter or underscore, then letters, digits and
         * underscores, at most 49 characters so that every name stays within 63) fails when the
         * collections are created.
         *
         * @param value collection name prefix; default {@code xb}; not null
         * @return a copy of these options with the new value; these options are unchanged
         */
        public Options withPrefix(String value) {
            return new Options(value, size, dimension, queries, k, seed, ann);
        }

        /**
         * Sets the corpus size.
         *
         * @param value number of vectors loaded per metric and database, 1 to 10,000; default 300
         * @return a copy of these options with the new value; these options are unchanged
         * @throws IllegalArgumentException when the value is outside 1 to 10,000
         */
        public Options withSize(int value) {
            return new Options(prefix, value, dimension, queries, k, seed, ann);
        }

        /**
         * Sets the length of every generated vector and query.
         *
         * @param value embedding dimension, at least 1 (and at most {@link dev.agentdb.Limits#MAX_DIMENSION},
         *              which collection creation enforces); default 16
         * @return a copy of these options with the new value; these options are unchanged
         * @throws IllegalArgumentException when the value is below 1
         */
        public Options withDimension(int value) {
            return new Options(prefix, size, value, queries, k, seed, ann);
        }

        /**
         * Sets how many random queries are compared per metric.
         *
         * @param value queries per metric, at least 1; default 8
         * @return a copy of these options with the new value; these options are unchanged
         * @throws IllegalArgumentException when the value is below 1
         */
        public Options withQueries(int value) {
            return new Options(prefix, size, dimension, value, k, seed, ann);
        }

        /**
         * Sets how many neighbours each query asks for.
         *
         * @param value neighbours per query, at least 1 (and at most {@link dev.agentdb.Limits#MAX_K},
         *              which the searches enforce); default 10
         * @return a copy of these options with the new value; these options are unchanged
         * @throws IllegalArgumentException when the value is below 1
         */
        public Options withK(int value) {
            return new Options(prefix, size, dimension, queries, value, seed, ann);
        }

        /**
         * Sets the seed from which vectors, metadata and queries are generated; the same seed gives
         * the same data, so a failure can be reproduced.
         *
         * @param value random seed of vectors and queries, any value; default 20261121
         * @return a copy of these options with the new value; these options are unchanged
         */
        public Options withSeed(long value) {
            return new Options(prefix, size, dimension, queries, k, value, ann);
        }

        /**
         * Sets whether ANN searches are compared as well as exact ones.
         *
         * @param value true (the default) to also compare ANN searches with {@code efSearch} = corpus
         *              size against the exact answer; false to compare exact searches only
         * @return a copy of these options with the new value; these options are unchanged
         */
        public Options withAnn(boolean value) {
            return new Options(prefix, size, dimension, queries, k, seed, value);
        }

        /** @return the collection name prefix */
        public String prefix() {
            return prefix;
        }

        /** @return vectors loaded per metric */
        public int size() {
            return size;
        }

        /** @return embedding dimension */
        public int dimension() {
            return dimension;
        }

        /** @return queries per metric */
        public int queries() {
            return queries;
        }

        /** @return neighbours per query */
        public int k() {
            return k;
        }

        /** @return the random seed */
        public long seed() {
            return seed;
        }

        /** @return whether ANN searches are compared */
        public boolean ann() {
            return ann;
        }
    }

    /**
     * {@link #assertSameResults(AgentDB, AgentDB, Options)} with {@link Options#defaults()}.
     *
     * @param a one database (e.g. SQLite)
     * @param b another database (e.g. PostgreSQL)
     */
    public static void assertSameResults(AgentDB a, AgentDB b) {
        assertSameResults(a, b, Options.defaults());
    }

    /**
     * Loads the same records into both databases, once per metric, and asserts the same answers.
     *
     * @param a one database (e.g. SQLite)
     * @param b another database (e.g. PostgreSQL)
     * @param options sizes, seed and whether ANN is compared
     */
    public static void assertSameResults(AgentDB a, AgentDB b, Options options) {
        for (Metric metric : Metric.values()) {
            String name = options.prefix() + "_" + metric.name().toLowerCase(Locale.ROOT);
            String sides = a.backendType() + " vs " + b.backendType() + ", " + metric;
            float[][] vectors = TestVectors.clustered(options.size(), options.dimension(), 8, 0.4,
                    options.seed() + metric.ordinal());
            List<VectorRecord> records = records(vectors);
            List<String> ids = new ArrayList<>();
            for (VectorRecord r : records) {
                ids.add(r.id());
            }
            VectorCollection ca = a.createCollection(name, CollectionSpec.of(options.dimension(), metric));
            VectorCollection cb = b.createCollection(name, CollectionSpec.of(options.dimension(), metric));
            try {
                for (int from = 0; from < records.size(); from += 100) {
                    List<VectorRecord> batch = records.subList(from, Math.min(records.size(), from + 100));
                    ca.insertBatch(batch);
                    cb.insertBatch(batch);
                }
                assertThat(ca.count()).as("%s: count", sides).isEqualTo(records.size());
                assertThat(cb.count()).as("%s: count", sides).isEqualTo(records.size());
                for (int i = 0; i < records.size(); i += 37) {
                    assertSameRecord(ca.get(ids.get(i)).orElseThrow(), cb.get(ids.get(i)).orElseThrow(),
                            records.get(i), sides);
                }

                // Compare settled indexes: MariaDB 11.8's searches after a commit walk a graph cache the commit
                // invalidated and can answer differently until it is reloaded whole (README)
                Records.searchWholeIndex(ca, records.size());
                Records.searchWholeIndex(cb, records.size());
                Random random = new Random(options.seed() * 31 + metric.ordinal());
                for (int q = 0; q < options.queries(); q++) {
                    float[] query = near(vectors[random.nextInt(vectors.length)], random);
                    String ctx = sides + ", query " + q;
                    int k = options.k();
                    List<String> truth = TestVectors.exactNearest(metric, ids, vectors, query, k);

                    SearchRequest exact = SearchRequest.builder(query).k(k).exact(true).build();
                    List<SearchResult> ea = ca.search(exact);
                    List<SearchResult> eb = cb.search(exact);
                    assertThat(Records.ids(ea)).as("%s: exact ids of %s against the naive k-NN", ctx, a.backendType())
                            .containsExactlyElementsOf(truth);
                    assertThat(Records.ids(eb)).as("%s: exact ids of %s against the naive k-NN", ctx, b.backendType())
                            .containsExactlyElementsOf(truth);
                    assertScores(ea, metric, vectors, ids, query, ctx + ", " + a.backendType());
                    assertScores(eb, metric, vectors, ids, query, ctx + ", " + b.backendType());
                    assertSameHits(ea, eb, ctx + ", exact");

                    Filter filter = Filter.eq("bucket", (long) (q % 5));
                    SearchRequest filtered = SearchRequest.builder(query).k(k).filter(filter).exact(true).build();
                    assertSameHits(ca.search(filtered), cb.search(filtered), ctx + ", exact filtered " + filter.toJson());

                    if (options.ann()) {
                        SearchRequest ann = SearchRequest.builder(query).k(k).efSearch(Math.max(k, options.size())).build();
                        List<SearchResult> aa = ca.search(ann);
                        List<SearchResult> ab = cb.search(ann);
                        assertSameHits(aa, ea, ctx + ", ANN (efSearch = size) vs exact on " + a.backendType());
                        assertSameHits(ab, eb, ctx + ", ANN (efSearch = size) vs exact on " + b.backendType());
                        assertSameHits(aa, ab, ctx + ", ANN");
                    }
                }
            } finally {
                a.dropCollection(name);
                b.dropCollection(name);
            }
        }
    }

    /**
     * Asserts two result lists are the same answer: same ids in the same order, scores and
     * distances within {@link #TOLERANCE}, same metadata (as JSON) and text.
     *
     * @param a one backend's results
     * @param b the other backend's results
     * @param context what was asked, for the failure message
     */
    public static void assertSameHits(List<SearchResult> a, List<SearchResult> b, String context) {
        assertThat(Records.ids(a)).as("%s: ids in order", context).containsExactlyElementsOf(Records.ids(b));
        for (int i = 0; i < a.size(); i++) {
            SearchResult x = a.get(i);
            SearchResult y = b.get(i);
            assertThat(TestVectors.close(x.score(), y.score()))
                    .as("%s: score of %s at %d: %s vs %s", context, x.id(), i, x.score(), y.score()).isTrue();
            assertThat(TestVectors.close(x.distance(), y.distance()))
                    .as("%s: distance of %s at %d: %s vs %s", context, x.id(), i, x.distance(), y.distance()).isTrue();
            assertThat(x.text()).as("%s: text of %s", context, x.id()).isEqualTo(y.text());
            CompatAssertions.assertSameJson(x.metadata(), y.metadata());
        }
    }

    private static void assertSameRecord(VectorRecord a, VectorRecord b, VectorRecord stored, String sides) {
        assertThat(a.embedding()).as("%s: embedding of %s", sides, stored.id()).containsExactly(stored.embedding());
        assertThat(b.embedding()).as("%s: embedding of %s", sides, stored.id()).containsExactly(stored.embedding());
        CompatAssertions.assertSameJson(a.metadata(), b.metadata());
        CompatAssertions.assertSameJson(a.metadata(), stored.metadata());
        assertThat(a.text()).as("%s: text of %s", sides, stored.id()).isEqualTo(stored.text()).isEqualTo(b.text());
        assertThat(a.timestamp()).as("%s: timestamp of %s", sides, stored.id())
                .isEqualTo(stored.timestamp()).isEqualTo(b.timestamp());
    }

    private static void assertScores(List<SearchResult> results, Metric metric, float[][] vectors, List<String> ids,
            float[] query, String context) {
        for (SearchResult r : results) {
            float[] v = vectors[ids.indexOf(r.id())];
            double distance = TestVectors.distance(metric, query, v);
            double score = TestVectors.score(metric, query, v);
            assertThat(TestVectors.close(distance, r.distance()))
                    .as("%s: distance of %s: naive %s, backend %s", context, r.id(), distance, r.distance()).isTrue();
            assertThat(TestVectors.close(score, r.score()))
                    .as("%s: score of %s: naive %s, backend %s", context, r.id(), score, r.score()).isTrue();
        }
    }

    private static List<VectorRecord> records(float[][] vectors) {
        List<VectorRecord> out = new ArrayList<>(vectors.length);
        for (int i = 0; i < vectors.length; i++) {
            Map<String, Object> metadata = Meta.of("i", (long) i, "bucket", (long) (i % 5), "tag", "t" + (i % 3),
                    "score", i / 8.0, "nested", Meta.of("even", i % 2 == 0));
            out.add(new VectorRecord(TestVectors.id(i, 4), vectors[i], metadata, "document " + i,
                    1_700_000_000_000L + i));
        }
        return out;
    }

    private static float[] near(float[] base, Random random) {
        float[] out = new float[base.length];
        for (int j = 0; j < base.length; j++) {
            out[j] = (float) (base[j] + 0.2 * random.nextGaussian());
        }
        return out;
    }
}
