package dev.agentdb.compat;

import dev.agentdb.AgentDB;
import dev.agentdb.AgentDBException;
import dev.agentdb.CollectionSpec;
import dev.agentdb.ConflictException;
import dev.agentdb.DimensionMismatchException;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Limits;
import dev.agentdb.Metric;
import dev.agentdb.NotFoundException;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.agentdb.compat.CorpusInput.Expect.ACCEPT;
import static dev.agentdb.compat.CorpusInput.Expect.REFUSE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The vectors, ids, metadata and collection names of the bad-input corpus ({@link FilterInputs} has
 * the filters), drawn from jqwik arbitraries, each with the oracle's verdict. Records a call adds
 * to the reference collection get ids starting with {@value #SCRATCH} and are deleted after their
 * check; collections it creates are dropped.
 */
final class CorpusInputs {
    /** Prefix of the ids of records an input writes (and deletes again). */
    static final String SCRATCH = "tmp-";
    private static final int DIM = CorpusWorld.DIMENSION;
    private static final List<String> EXISTING = List.of(CorpusWorld.COLLECTION, AgentDB.DEFAULT_COLLECTION);

    private CorpusInputs() {
    }

    // ------------------------------------------------------------------ vectors

    /** @return vectors of every dimension and component, inserted, upserted, batched and searched */
    static Arbitrary<CorpusInput> vectors() {
        Arbitrary<Integer> dimension = Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just(DIM)),
                Tuple.of(3, Arbitraries.integers().between(0, DIM + 3)),
                Tuple.of(1, Arbitraries.of(Limits.MAX_DIMENSION, Limits.MAX_DIMENSION + 1, 20_000)));
        Arbitrary<Float> component = Arbitraries.frequencyOf(Tuple.of(30, Arbitraries.floats().between(-1e6f, 1e6f)),
                Tuple.of(1, Arbitraries.of(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f,
                        Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE)));
        return Combinators.combine(dimension, component.list().ofSize(DIM + 3), Arbitraries.of("insert", "upsert", "batch", "search"),
                Arbitraries.integers().between(0, 60), Arbitraries.integers().between(0, 40)).as(CorpusInputs::vector);
    }

    private static CorpusInput vector(int dimension, List<Float> components, String op, int k, int nullOne) {
        float[] v = nullOne == 0 ? null : new float[dimension];
        boolean finite = true;
        if (v != null) {
            for (int i = 0; i < dimension; i++) {
                v[i] = i < components.size() ? components.get(i) : (i % 7 == 0 ? 0.25f : -1f);
                finite &= Float.isFinite(v[i]);
            }
        }
        boolean search = op.equals("search");
        boolean valid = v != null && dimension == DIM && finite && (!search || (k >= 1 && k <= Limits.MAX_K));
        boolean wrongSize = v != null && dimension >= 1 && dimension <= Limits.MAX_DIMENSION && finite && dimension != DIM;
        Class<? extends AgentDBException> refusal = wrongSize && (!search || k >= 1) ? DimensionMismatchException.class
                : InvalidInputException.class;
        String shown = op + " " + Printable.of(v) + (search ? " k=" + k : "");
        return new CorpusInput("vectors", shown, valid ? ACCEPT : REFUSE, refusal, world -> {
            VectorCollection c = world.corpus();
            switch (op) {
                case "search" -> expectNearestFirst(world, c.search(v, k), k, zeroNorm(v));
                case "batch" -> {
                    c.insertBatch(List.of(VectorRecord.of(SCRATCH + "ok", TestVectors.vec(1, 2, 3, 4), null),
                            VectorRecord.of(SCRATCH + "v", v, Map.of("n", 1L))));
                    assertThat(c.delete(SCRATCH + "ok")).isTrue();
                    expectStoredThenDelete(c, SCRATCH + "v", v);
                }
                default -> {
                    VectorRecord r = VectorRecord.of(SCRATCH + "v", v, Map.of("n", 1L));
                    if (op.equals("insert")) {
                        c.insert(r);
                    } else {
                        c.upsert(r);
                    }
                    expectStoredThenDelete(c, SCRATCH + "v", v);
                }
            }
        });
    }

    private static void expectStoredThenDelete(VectorCollection c, String id, float[] v) {
        float[] got = c.get(id).orElseThrow(() -> new AssertionError("accepted record " + id + " is not stored")).embedding();
        assertThat(got).hasSameSizeAs(v);
        for (int i = 0; i < v.length; i++) {
            assertThat(got[i] == v[i]).as("component %d: stored %s, written %s", i, got[i], v[i]).isTrue();
        }
        assertThat(c.delete(id)).isTrue();
    }

    /** Whether a vector is all zeros: cosine distances to it are undefined, so their order is not checked. */
    private static boolean zeroNorm(float[] v) {
        for (float x : v) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static void expectNearestFirst(CorpusWorld world, List<SearchResult> hits, int k, boolean unordered) {
        assertThat(hits).hasSizeLessThanOrEqualTo(k);
        assertThat(Records.ids(hits)).doesNotHaveDuplicates().allMatch(world.ids()::contains);
        for (int i = 1; i < hits.size() && !unordered; i++) {
            assertThat(hits.get(i).distance()).as("distance of hit %d", i).isGreaterThanOrEqualTo(hits.get(i - 1).distance());
        }
    }

    // ------------------------------------------------------------------ ids

    /** @return ids of every shape (unpaired surrogates, NUL, empty, at and over the length limit), by every call taking one */
    static Arbitrary<CorpusInput> ids() {
        Arbitrary<String> id = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.strings().all().ofMaxLength(12)),
                Tuple.of(3, Arbitraries.strings().alpha().numeric().withChars(" '\"\\%_*$.\u00e9\ud83d\ude80").ofMinLength(1).ofMaxLength(20)),
                Tuple.of(1, Arbitraries.of("", "\ud800x", "\udc00x", "x\ud83d", "a\u0000b", "r01", "r000", "r012", "v1")),
                Tuple.of(1, Arbitraries.strings().alpha().ofMinLength(Limits.MAX_ID_LENGTH - 1).ofMaxLength(Limits.MAX_ID_LENGTH + 1)),
                Tuple.of(1, Arbitraries.just(null)));
        return Combinators.combine(id, Arbitraries.of("insert", "upsert", "get", "delete", "batch")).as(CorpusInputs::id);
    }

    private static CorpusInput id(String id, String requested) {
        boolean valid = id != null && !id.isEmpty() && id.length() <= Limits.MAX_ID_LENGTH && GeneratedMetadata.storable(id);
        boolean reference = id != null && CorpusWorld.isReference(id);
        // never delete or replace reference records: those calls become reads
        String op = reference && (requested.equals("delete") || requested.equals("upsert")) ? "get" : requested;
        boolean writes = op.equals("insert") || op.equals("batch");
        boolean generated = id == null && (writes || op.equals("upsert"));
        Class<? extends AgentDBException> refusal = valid && reference && writes ? ConflictException.class : InvalidInputException.class;
        boolean accept = generated || (valid && !(reference && writes));
        String shown = op + " " + Printable.of(id);
        return new CorpusInput("ids", shown, accept ? ACCEPT : REFUSE, refusal, world -> {
            VectorCollection c = world.corpus();
            float[] v = TestVectors.vec(0.5f, 0.25f, 1, 2);
            switch (op) {
                case "get" -> assertThat(c.get(id).map(VectorRecord::id)).isEqualTo(world.ids().contains(id)
                        ? java.util.Optional.of(id) : java.util.Optional.empty());
                case "delete" -> assertThat(c.delete(id)).isFalse();
                default -> {
                    String stored;
                    if (op.equals("batch")) {
                        stored = c.insertBatch(List.of(VectorRecord.of(SCRATCH + "ok", v, null), VectorRecord.of(id, v, null))).get(1);
                        assertThat(c.delete(SCRATCH + "ok")).isTrue();
                    } else {
                        stored = op.equals("insert") ? c.insert(VectorRecord.of(id, v, null)) : c.upsert(VectorRecord.of(id, v, null));
                    }
                    assertThat(stored).isEqualTo(id == null ? stored : id);
                    assertThat(c.get(stored).map(VectorRecord::id)).as("the stored id reads back unchanged").contains(stored);
                    assertThat(c.delete(stored)).isTrue();
                }
            }
        });
    }

    // ------------------------------------------------------------------ metadata

    /** @return storable and unstorable metadata, inserted, upserted and batched; what is stored is read, filtered on and deleted */
    static Arbitrary<CorpusInput> metadata() {
        return Combinators.combine(GeneratedMetadata.any(), Arbitraries.of("insert", "upsert", "batch")).as((m, op) ->
                new CorpusInput("metadata", op + " " + m, m.storable() ? ACCEPT : REFUSE, InvalidInputException.class, world -> {
                    VectorCollection c = world.corpus();
                    VectorRecord r = new VectorRecord(SCRATCH + "m", TestVectors.vec(2, 1, 0, 1), m.metadata(), "text", 5L);
                    switch (op) {
                        case "insert" -> c.insert(r);
                        case "upsert" -> c.upsert(r);
                        default -> c.insertBatch(List.of(VectorRecord.of(SCRATCH + "ok", TestVectors.vec(1, 1, 1, 1), null), r));
                    }
                    c.delete(SCRATCH + "ok");
                    CompatAssertions.assertSameJson(c.get(r.id()).orElseThrow().metadata(), m.metadata());
                    Filter byKey = Filter.eq(m.key(), m.value());
                    assertThat(c.count(byKey)).as("count(%s)", byKey.toJson()).isEqualTo(world.matching(byKey).size() + 1L);
                    assertThat(c.delete(r.id())).isTrue();
                }));
    }

    // ------------------------------------------------------------------ collection names

    /** @return collection names: valid, malformed, reserved, over the length limit, and case variants of existing ones */
    static Arbitrary<CorpusInput> names() {
        Arbitrary<String> name = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().withChars("abcXYZ_09").ofMinLength(1).ofMaxLength(8)),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(10)),
                Tuple.of(2, Arbitraries.of("Corpus", "CORPUS", "corPus", "Vectors", "VECTORS", "corpus", "vectors")),
                Tuple.of(1, Arbitraries.of("hnsw_x", "sqlite_master", "pg_x", "agentdb_x", "system_x", "HNSW_y", "a-b", "a b")),
                Tuple.of(1, Arbitraries.integers().between(62, 65).map("a"::repeat)));
        return Combinators.combine(name, Arbitraries.of("create", "create", "collection", "has", "drop"),
                Arbitraries.integers().between(2, 6)).as(CorpusInputs::name);
    }

    private static CorpusInput name(String name, String requested, int dimension) {
        boolean valid = name != null && Limits.COLLECTION_NAME.matcher(name).matches()
                && Limits.RESERVED_COLLECTION_PREFIXES.stream().noneMatch(p -> name.toLowerCase(Locale.ROOT).startsWith(p));
        boolean exact = EXISTING.contains(name);
        boolean otherCase = !exact && valid && EXISTING.stream().anyMatch(e -> e.equalsIgnoreCase(name));
        String op = exact && requested.equals("drop") ? "has" : requested; // never drop the reference data
        int existingDimension = CorpusWorld.COLLECTION.equals(name) ? DIM : 2;
        boolean accept;
        Class<? extends AgentDBException> refusal;
        if (!valid) {
            accept = false;
            refusal = InvalidInputException.class;
        } else if (op.equals("create")) {
            accept = !otherCase && (!exact || dimension == existingDimension);
            refusal = ConflictException.class;
        } else {
            accept = !op.equals("collection") || exact;
            refusal = NotFoundException.class;
        }
        return new CorpusInput("names", op + " " + Printable.of(name) + (op.equals("create") ? " dim " + dimension : ""),
                accept ? ACCEPT : REFUSE, refusal, world -> {
                    AgentDB db = world.db();
                    switch (op) {
                        case "create" -> {
                            VectorCollection c = db.createCollection(name, CollectionSpec.of(dimension, Metric.COSINE));
                            assertThat(c.spec().dimension()).isEqualTo(dimension);
                            if (!exact) {
                                assertThat(db.hasCollection(name)).isTrue();
                                assertThat(c.count()).isZero();
                                assertThat(db.dropCollection(name)).isTrue();
                            }
                        }
                        case "collection" -> assertThat(db.collection(name).name()).isEqualTo(name);
                        case "has" -> assertThat(db.hasCollection(name)).isEqualTo(exact);
                        default -> assertThat(db.dropCollection(name)).as("drop of a missing collection").isFalse();
                    }
                    assertThat(Arrays.asList(db.hasCollection(CorpusWorld.COLLECTION), db.hasCollection(AgentDB.DEFAULT_COLLECTION)))
                            .as("the reference collections still exist").containsOnly(true);
                });
    }
}
