package dev.agentdb.compat;

import dev.agentdb.AgentDB;
import dev.agentdb.BackendUnavailableException;
import dev.agentdb.CollectionSpec;
import dev.agentdb.FindRequest;
import dev.agentdb.IndexParams;
import dev.agentdb.Metric;
import dev.agentdb.ReadOnlyException;
import dev.agentdb.SearchRequest;
import dev.agentdb.Sort;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;
import dev.agentdb.spi.Capability;
import dev.agentdb.spi.DatabaseAdapter;
import dev.agentdb.spi.StateStore;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.agentdb.compat.Records.ids;
import static dev.agentdb.compat.TestVectors.vec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Contract (backends declaring {@link Capability#READ_ONLY}): a database opened read-only
 * ({@link dev.agentdb.AgentDBConfig#readOnly()}, through {@link #openReadOnly()}) reads everything a
 * read-write handle reads, sees what other handles commit, refuses every write with
 * {@link ReadOnlyException} naming the operation before it reaches the backend (also on a collection
 * that does not exist), refuses raw SQL that writes (also when only the backend can tell), and
 * changes nothing; a database that was never created is not created by a read-only open. Backends
 * without the capability must refuse to open read-only with
 * {@link dev.agentdb.UnsupportedFeatureException}.
 */
public interface ReadOnlyContract extends CompatFixture {
    /** The table the raw SQL test creates through the read-write handle (the {@code agentdb_} prefix is no collection's). */
    String PROBE_TABLE = "agentdb_read_only_probe";

    /**
     * Stores what the tests read back: {@code docs} (300 x 8, cosine, a few deleted), {@code flat}
     * (FLAT, l2), the default collection with one record, and a value in each state store.
     */
    private Corpus populate() {
        Corpus docs = insertCorpus("docs", CollectionSpec.of(8, Metric.COSINE), TestVectors.clustered(300, 8, 4, 0.3, 41));
        docs.collection.deleteWhere(Filter.eq("bucket", 7));
        awaitSearchable(docs.collection, 294);
        insertCorpus("flat", new CollectionSpec(8, Metric.L2, IndexParams.flat()), TestVectors.uniform(40, 8, 42));
        db().defaultCollection().insert(VectorRecord.of("legacy", vec(1, 2, 3), Map.of("v", 1L)));
        db().adapter().writeState("read-only/k", "engine value");
        db().adapter().writeState(StateStore.MIGRATION_CHECKPOINTS, "read-only/k", "checkpoint value");
        return docs;
    }

    /** Everything a read-write handle reads, a read-only handle reads the same, from the same data. */
    @Test
    default void should_read_everything_a_read_write_handle_reads() {
        assumeCapability(Capability.READ_ONLY);
        populate();
        AgentDB ro = openReadOnly();
        assertThat(ro.readOnly()).isTrue();
        assertThat(db().readOnly()).isFalse();

        assertThat(ro.listCollections()).isEqualTo(db().listCollections());
        assertThat(Records.checksum(ro)).isEqualTo(Records.checksum(db()));
        assertThat(ro.migrationVersion()).isEqualTo(db().migrationVersion());
        assertThat(ro.health().up()).as(ro.health().toString()).isTrue();
        VectorCollection docs = ro.collection("docs");
        VectorCollection rw = db().collection("docs");
        assertThat(docs.get("r0003")).isEqualTo(rw.get("r0003"));
        assertThat(docs.count(Filter.lt("bucket", 10))).isEqualTo(rw.count(Filter.lt("bucket", 10)));
        FindRequest find = FindRequest.builder().filter(Filter.gte("bucket", 40)).sort(Sort.desc("i")).limit(7).build();
        assertThat(docs.find(find)).isEqualTo(rw.find(find));
        for (float[] q : TestVectors.uniform(5, 8, 43)) {
            for (SearchRequest r : List.of(SearchRequest.of(q, 10), SearchRequest.builder(q).k(10).exact(true).build(),
                    SearchRequest.builder(q).k(10).filter(Filter.lt("bucket", 20)).build())) {
                assertThat(ids(docs.search(r))).containsExactlyElementsOf(ids(rw.search(r)));
            }
            SearchRequest exact = SearchRequest.builder(q).k(5).exact(true).build();
            assertThat(ids(ro.collection("flat").search(exact))).containsExactlyElementsOf(ids(db().collection("flat").search(exact)));
        }
        assertThat(docs.stats().count()).isEqualTo(294);
        assertThat(docs.stats().dimension()).isEqualTo(8);
        assertThat(ro.defaultCollection().get("legacy")).isPresent();
        assertThat(ro.adapter().readState("read-only/k")).contains("engine value");
        assertThat(ro.adapter().readState(StateStore.MIGRATION_CHECKPOINTS, "read-only/k")).contains("checkpoint value");
        assertThat(ro.createCollection("docs", CollectionSpec.of(8, Metric.COSINE)).count())
                .as("createCollection of an existing collection with an equal spec writes nothing").isEqualTo(294);
        if (supports(Capability.TRANSACTIONS)) {
            assertThat(ro.inTransaction(() -> docs.count() + ro.collection("flat").count())).as("a transaction that only reads")
                    .isEqualTo(334);
        }
    }

    /**
     * Every write of the API is refused with {@link ReadOnlyException} naming it, before it reaches the
     * backend, and nothing changes; the read-write handle still writes.
     */
    @Test
    default void should_refuse_every_write_and_change_nothing() {
        assumeCapability(Capability.READ_ONLY);
        Corpus corpus = populate();
        String before = Records.checksum(db());
        AgentDB ro = openReadOnly();
        VectorCollection docs = ro.collection("docs");
        DatabaseAdapter adapter = ro.adapter();
        VectorRecord stored = docs.get("r0001").orElseThrow();
        VectorRecord fresh = VectorRecord.of("fresh", TestVectors.uniform(1, 8, 44)[0], Map.of("bucket", 1L));

        Map<String, ThrowingCallable> writes = new LinkedHashMap<>();
        writes.put("insert into 'docs'", () -> docs.insert(fresh));
        writes.put("insert into 'docs' (batch)", () -> docs.insertBatch(List.of(fresh)));
        writes.put("upsert into 'docs'", () -> docs.upsert(new VectorRecord(stored.id(), stored.embedding(), Map.of("changed", true),
                null, null)));
        writes.put("upsert into 'docs' (batch)", () -> docs.upsertBatch(List.of(fresh)));
        writes.put("delete from 'docs'", () -> docs.delete("r0001"));
        writes.put("delete from 'docs' (filter)", () -> docs.deleteWhere(Filter.and()));
        writes.put("reindex 'docs'", () -> docs.reindex(IndexParams.flat()));
        writes.put("create collection 'fresh'", () -> ro.createCollection("fresh", CollectionSpec.of(3, Metric.COSINE)));
        writes.put("drop collection 'docs'", () -> ro.dropCollection("docs"));
        writes.put("drop collection 'absent'", () -> ro.dropCollection("absent"));
        writes.put("insert into 'absent'", () -> adapter.insert("absent", fresh)); // refused before anything reaches the backend
        writes.put("write state 'read-only/k'", () -> adapter.writeState("read-only/k", "changed"));
        writes.put("write state 'read-only/k' (checkpoints)", () -> adapter.writeState(StateStore.MIGRATION_CHECKPOINTS, "read-only/k", "x"));
        writes.put("delete state 'read-only/k'", () -> adapter.deleteState("read-only/k"));
        writes.put("migrat", adapter::runMigration);
        if (supports(Capability.TRANSACTIONS)) {
            writes.put("insert into 'docs' (in a transaction)", () -> ro.useTransaction(() -> {
                assertThat(docs.count()).isEqualTo(294);
                docs.insert(fresh);
            }));
        }
        writes.forEach((operation, write) -> {
            Throwable thrown = catchThrowable(write);
            assertThat(thrown).as(operation).isInstanceOf(ReadOnlyException.class).hasMessageContaining("read-only");
            String named = operation.replaceAll(" \\(.*\\)$", "");
            assertThat(((ReadOnlyException) thrown).operation()).as(operation).contains(named);
        });

        assertThat(Records.checksum(db())).isEqualTo(before);
        assertThat(Records.checksum(ro)).isEqualTo(before);
        assertThat(ro.adapter().readState("read-only/k")).contains("engine value");
        assertThat(ro.adapter().readState(StateStore.MIGRATION_CHECKPOINTS, "read-only/k")).contains("checkpoint value");
        assertThat(ro.hasCollection("fresh")).isFalse();
        corpus.collection.insert(fresh); // the read-write handle is unaffected
        assertThat(db().collection("docs").count()).isEqualTo(295);
    }

    /** A read-only handle sees what another handle commits after it opened, in get, count and search. */
    @Test
    default void should_see_what_another_handle_commits() {
        assumeCapability(Capability.READ_ONLY);
        VectorCollection docs = createCollection("docs", 3, Metric.COSINE);
        docs.insert(VectorRecord.of("a", vec(1, 0, 0), null));
        awaitSearchable(docs, 1);
        AgentDB ro = openReadOnly();
        VectorCollection seen = ro.collection("docs");
        assertThat(ids(seen.search(vec(0, 1, 0), 5))).containsExactly("a");

        docs.insert(VectorRecord.of("b", vec(0, 1, 0), null));
        awaitSearchable(docs, 2);
        db().createCollection("later", CollectionSpec.of(2, Metric.L2)).insert(VectorRecord.of("x", vec(1, 1), null));

        assertThat(seen.get("b")).isPresent();
        assertThat(seen.count()).isEqualTo(2);
        assertThat(ids(seen.search(vec(0, 1, 0), 5))).containsExactly("b", "a");
        assertThat(ro.hasCollection("later")).isTrue();
        assertThat(ro.collection("later").get("x")).isPresent();
    }

    /**
     * Raw SQL ({@code RAW_SQL}): queries run; statements that write are refused, also one behind a
     * {@code WITH} clause ({@code WITH ... DELETE}, refused before it is sent where the adapter uses
     * {@code RawSql}, by the backend otherwise); nothing changes. (A write inside a {@code WITH} that
     * leads to a query is left to the backend's read-only connection: PostgreSQL's is tested in
     * {@code PostgresReadOnlyIT}.)
     */
    @Test
    default void should_run_raw_queries_and_refuse_raw_sql_that_writes() {
        assumeCapability(Capability.READ_ONLY);
        assumeCapability(Capability.RAW_SQL);
        db().executeRaw("CREATE TABLE " + PROBE_TABLE + " (x INTEGER)");
        db().executeRaw("INSERT INTO " + PROBE_TABLE + " (x) VALUES (1)");
        AgentDB ro = openReadOnly();
        try {
            List<Map<String, Object>> rows = ro.executeRaw("SELECT count(*) AS n FROM " + PROBE_TABLE);
            assertThat(((Number) rows.get(0).values().iterator().next()).longValue()).isEqualTo(1);
            for (String write : List.of("INSERT INTO " + PROBE_TABLE + " (x) VALUES (2)", "DELETE FROM " + PROBE_TABLE,
                    "CREATE TABLE " + PROBE_TABLE + "_2 (x INTEGER)", "DROP TABLE " + PROBE_TABLE,
                    "WITH p AS (SELECT 1 AS x) DELETE FROM " + PROBE_TABLE + " WHERE x IN (SELECT x FROM p)")) {
                assertThatThrownBy(() -> ro.executeRaw(write)).as(write).isInstanceOf(ReadOnlyException.class);
            }
            List<Map<String, Object>> after = db().executeRaw("SELECT count(*) AS n FROM " + PROBE_TABLE);
            assertThat(((Number) after.get(0).values().iterator().next()).longValue()).isEqualTo(1);
            db().executeRaw("CREATE TABLE " + PROBE_TABLE + "_2 (x INTEGER)"); // it was not created
            db().executeRaw("DROP TABLE " + PROBE_TABLE + "_2");
        } finally {
            db().executeRaw("DROP TABLE " + PROBE_TABLE);
        }
    }

    /** A read-only open of a database that was never created fails with {@link BackendUnavailableException}. */
    @Test
    default void should_refuse_to_open_read_only_a_database_that_does_not_exist() {
        assumeCapability(Capability.READ_ONLY);
        assertThatThrownBy(this::openReadOnlyNeverCreated).isInstanceOf(BackendUnavailableException.class);
    }

    /** A backend without {@code READ_ONLY} refuses to open read-only rather than open read-write. */
    @Test
    default void should_refuse_to_open_read_only_without_the_capability() {
        assumeLacks(Capability.READ_ONLY);
        assertThatThrownBy(this::openReadOnly).isInstanceOf(dev.agentdb.UnsupportedFeatureException.class)
                .hasMessageContaining("READ_ONLY");
    }
}
