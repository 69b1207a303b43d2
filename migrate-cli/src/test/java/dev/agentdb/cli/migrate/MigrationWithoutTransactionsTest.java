package dev.agentdb.cli.migrate;

import dev.agentdb.AgentDB;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.BackendType;
import dev.agentdb.CollectionInfo;
import dev.agentdb.CollectionSpec;
import dev.agentdb.CollectionStats;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;
import dev.agentdb.spi.Capability;
import dev.agentdb.spi.DatabaseAdapter;
import dev.agentdb.spi.StateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fallback for a target without {@link Capability#TRANSACTIONS}: upsertBatch then the checkpoint,
 * idempotent on resume even when the process dies between the two (simulated by a failing checkpoint write).
 */
class MigrationWithoutTransactionsTest {
    @TempDir
    Path dir;

    @Test
    void should_upsert_then_checkpoint_and_resume_idempotently_after_a_lost_checkpoint() {
        String src = "sqlite:" + dir.resolve("s.db");
        try (AgentDB s = AgentDB.open(src); AgentDB t = AgentDB.open("sqlite:" + dir.resolve("t.db"))) {
            s.createCollection("docs", CollectionSpec.of(6, Metric.L2));
            s.adapter().insertBatch("docs", MigrateFixtures.records("d", 500, 6, 11));
            NoTransactions target = new NoTransactions(t.adapter());
            target.failCheckpointWrite = 4; // the initial checkpoint, two batches, then the third batch's checkpoint fails after its upsert

            String fp = Checkpoint.fingerprint(src);
            MigrationOptions o = new MigrationOptions(null, 100, true, false, false);
            Migration first = new Migration(s.adapter(), target, 100);
            assertThat(first.transactional()).isFalse();
            MigrationPlan plan = MigrationPlan.build(s.adapter(), target, fp, o);
            assertThatThrownBy(() -> first.run(plan, new Migration.Listener() { })).hasMessageContaining("simulated crash");
            assertThat(target.count("docs", null)).isEqualTo(300); // the third batch is there, its checkpoint is not
            assertThat(Checkpoint.read(target, "docs").orElseThrow().rows()).isEqualTo(200);

            MigrationPlan resume = MigrationPlan.build(s.adapter(), target, fp, new MigrationOptions(null, 100, true, true, false));
            assertThat(resume.entries().get(0).action()).isEqualTo(MigrationPlan.Action.RESUME);
            Migration.Result r = new Migration(s.adapter(), target, 100).run(resume, new Migration.Listener() { });
            assertThat(r.status()).isEqualTo(Migration.Status.COMPLETED);
            assertThat(r.transactional()).isFalse();
            assertThat(r.collections().get(0).rowsTotal()).isEqualTo(500);
            ValidationReport v = new Validator(s.adapter(), target, 64, 10, () -> false).validate("docs");
            assertThat(v.ok()).as(v.problems().toString()).isTrue();
            assertThat(v.targetCount()).isEqualTo(500);
        }
    }

    @Test
    void should_rewrite_the_same_derived_ids_after_a_lost_checkpoint_so_a_resume_duplicates_nothing() {
        String src = "sqlite:" + dir.resolve("s2.db");
        try (AgentDB s = AgentDB.open(src); AgentDB t = AgentDB.open("sqlite:" + dir.resolve("t2.db"))) {
            s.createCollection("docs", CollectionSpec.of(6, Metric.L2));
            s.adapter().insertBatch("docs", MigrateFixtures.records("d", 500, 6, 12));
            NoTransactions target = new NoTransactions(t.adapter());
            target.failCheckpointWrite = 4;
            String fp = Checkpoint.fingerprint(src);
            MigrationPlan plan = MigrationPlan.build(s.adapter(), target, fp,
                    new MigrationOptions(null, 100, true, false, false, List.of(), false, false));
            assertThatThrownBy(() -> new Migration(s.adapter(), target, 100).run(plan, new Migration.Listener() { }))
                    .hasMessageContaining("simulated crash");
            assertThat(target.count("docs", null)).isEqualTo(300);
            assertThat(Checkpoint.read(target, "docs").orElseThrow().rows()).isEqualTo(200);

            MigrationPlan resume = MigrationPlan.build(s.adapter(), target, fp,
                    new MigrationOptions(null, 100, true, true, false, List.of(), false, false));
            assertThat(resume.entries().get(0).action()).isEqualTo(MigrationPlan.Action.RESUME);
            new Migration(s.adapter(), target, 100).run(resume, new Migration.Listener() { });
            assertThat(target.count("docs", null)).isEqualTo(500); // batch 3 rewritten under the same ids
            assertThat(target.get("docs", DerivedIds.of(fp, "docs", "d00250"))).isPresent();
            assertThat(target.get("docs", "d00250")).isEmpty();
            ValidationReport v = new Validator(s.adapter(), target, 64, 10, () -> false, fp).validate("docs");
            assertThat(v.ok()).as(v.problems().toString()).isTrue();
            ValidationReport asIfPreserved = new Validator(s.adapter(), target, 64, 0, () -> false).validate("docs");
            assertThat(asIfPreserved.ok()).isFalse();
        }
    }

    /** Delegates to another adapter through its public methods and declares no transactions. */
    static final class NoTransactions extends DatabaseAdapter {
        private final DatabaseAdapter d;
        private final AtomicInteger checkpointWrites = new AtomicInteger();
        int failCheckpointWrite = -1;

        NoTransactions(DatabaseAdapter delegate) {
            super(AgentDBConfig.of(delegate.config().url()));
            this.d = delegate;
        }

        @Override
        public BackendType backendType() {
            return d.backendType();
        }

        @Override
        public Set<Capability> capabilities() {
            Set<Capability> c = EnumSet.copyOf(d.capabilities());
            c.remove(Capability.TRANSACTIONS);
            return c;
        }

        @Override
        public int runMigration() {
            return d.runMigration();
        }

        @Override
        public int getMigrationVersion() {
            return d.getMigrationVersion();
        }

        @Override
        public void close() {
        }

        @Override
        protected void doCreateCollection(String name, CollectionSpec spec) {
            d.createCollection(name, spec);
        }

        @Override
        protected boolean doDropCollection(String name) {
            return d.dropCollection(name);
        }

        @Override
        protected Optional<CollectionSpec> doCollectionSpec(String name) {
            return d.collectionSpec(name);
        }

        @Override
        protected List<CollectionInfo> doListCollections() {
            return d.listCollections();
        }

        @Override
        protected void doSetDimension(String name, int dimension) {
            throw new UnsupportedOperationException("not needed by this test");
        }

        @Override
        protected void doInsertBatch(String collection, List<VectorRecord> records) {
            d.insertBatch(collection, records);
        }

        @Override
        protected void doUpsertBatch(String collection, List<VectorRecord> records) {
            d.upsertBatch(collection, records);
        }

        @Override
        protected Optional<VectorRecord> doGet(String collection, String id) {
            return d.get(collection, id);
        }

        @Override
        protected boolean doDelete(String collection, String id) {
            return d.delete(collection, id);
        }

        @Override
        protected long doDeleteWhere(String collection, Filter filter) {
            return d.deleteWhere(collection, filter);
        }

        @Override
        protected long doCount(String collection, Filter filter) {
            return d.count(collection, filter);
        }

        @Override
        protected List<VectorRecord> doScan(String collection, String afterId, int limit) {
            return d.scan(collection, afterId, limit);
        }

        @Override
        protected List<SearchResult> doSearch(String collection, CollectionSpec spec, SearchRequest request) {
            return d.search(collection, request);
        }

        @Override
        protected CollectionStats doStats(String collection) {
            return d.stats(collection);
        }

        @Override
        protected Optional<String> doReadState(StateStore store, String key) {
            return d.readState(store, key);
        }

        @Override
        protected void doWriteState(StateStore store, String key, String value) {
            if (checkpointWrites.incrementAndGet() == failCheckpointWrite) {
                throw new IllegalStateException("simulated crash before the checkpoint write");
            }
            d.writeState(store, key, value);
        }

        @Override
        protected boolean doDeleteState(StateStore store, String key) {
            return d.deleteState(store, key);
        }

        @Override
        protected void doReindex(String collection, CollectionSpec newSpec) {
            d.reindex(collection, newSpec.index());
        }

        @Override
        protected String doPing() {
            return "delegate";
        }
    }
}
