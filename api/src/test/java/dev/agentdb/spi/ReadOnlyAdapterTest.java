package dev.agentdb.spi;

import dev.agentdb.AgentDB;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.BackendType;
import dev.agentdb.CollectionInfo;
import dev.agentdb.CollectionSpec;
import dev.agentdb.CollectionStats;
import dev.agentdb.IndexParams;
import dev.agentdb.Metric;
import dev.agentdb.NotFoundException;
import dev.agentdb.ReadOnlyException;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.UnsupportedFeatureException;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** {@link DatabaseAdapter} refuses every write of a read-only adapter before any hook; {@link AgentDB} needs READ_ONLY. */
class ReadOnlyAdapterTest {
    /** Knows one collection, {@code docs}; records every hook called. */
    static final class StubAdapter extends DatabaseAdapter {
        final List<String> hooks = new ArrayList<>();
        final Set<Capability> capabilities;
        boolean closed;

        StubAdapter(AgentDBConfig config, Set<Capability> capabilities) {
            super(config);
            this.capabilities = capabilities;
        }

        private <T> T hook(String name, T result) {
            hooks.add(name);
            return result;
        }

        @Override
        public BackendType backendType() {
            return BackendType.of("stub");
        }

        @Override
        public Set<Capability> capabilities() {
            return capabilities;
        }

        @Override
        protected void doCreateCollection(String name, CollectionSpec spec) {
            hook("doCreateCollection", null);
        }

        @Override
        protected boolean doDropCollection(String name) {
            return hook("doDropCollection", true);
        }

        @Override
        protected Optional<CollectionSpec> doCollectionSpec(String name) {
            return name.equals("docs") ? Optional.of(CollectionSpec.of(3, Metric.COSINE)) : Optional.empty();
        }

        @Override
        protected List<CollectionInfo> doListCollections() {
            return List.of(new CollectionInfo("docs", CollectionSpec.of(3, Metric.COSINE)));
        }

        @Override
        protected void doSetDimension(String name, int dimension) {
            hook("doSetDimension", null);
        }

        @Override
        protected void doInsertBatch(String collection, List<VectorRecord> records) {
            hook("doInsertBatch", null);
        }

        @Override
        protected void doUpsertBatch(String collection, List<VectorRecord> records) {
            hook("doUpsertBatch", null);
        }

        @Override
        protected Optional<VectorRecord> doGet(String collection, String id) {
            return hook("doGet", Optional.empty());
        }

        @Override
        protected boolean doDelete(String collection, String id) {
            return hook("doDelete", true);
        }

        @Override
        protected long doDeleteWhere(String collection, Filter filter) {
            return hook("doDeleteWhere", 1L);
        }

        @Override
        protected long doCount(String collection, Filter filter) {
            return hook("doCount", 0L);
        }

        @Override
        protected List<VectorRecord> doScan(String collection, String afterId, int limit) {
            return hook("doScan", List.of());
        }

        @Override
        protected List<SearchResult> doSearch(String collection, CollectionSpec spec, SearchRequest request) {
            return hook("doSearch", List.of());
        }

        @Override
        protected CollectionStats doStats(String collection) {
            return hook("doStats", null);
        }

        @Override
        protected void doReindex(String collection, CollectionSpec newSpec) {
            hook("doReindex", null);
        }

        @Override
        protected Optional<String> doReadState(StateStore store, String key) {
            return hook("doReadState", Optional.empty());
        }

        @Override
        protected void doWriteState(StateStore store, String key, String value) {
            hook("doWriteState", null);
        }

        @Override
        protected boolean doDeleteState(StateStore store, String key) {
            return hook("doDeleteState", true);
        }

        @Override
        protected <T> T doTransaction(Supplier<T> work) {
            hooks.add("doTransaction");
            return work.get();
        }

        @Override
        protected String doPing() {
            return "stub";
        }

        @Override
        public int runMigration() {
            requireWritable("migrate the stub");
            return 1;
        }

        @Override
        public int getMigrationVersion() {
            return 1;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static StubAdapter readOnly(Capability... capabilities) {
        Set<Capability> set = EnumSet.noneOf(Capability.class);
        set.addAll(List.of(capabilities));
        return new StubAdapter(AgentDBConfig.builder("stub:x").readOnly(true).build(), set);
    }

    @Test
    void should_refuse_every_write_before_any_hook_or_validation() {
        StubAdapter a = readOnly(Capability.READ_ONLY, Capability.TRANSACTIONS);
        VectorRecord r = VectorRecord.of("a", new float[] {1, 2, 3}, null);
        Map<String, ThrowingCallable> writes = new LinkedHashMap<>();
        writes.put("insert into 'docs'", () -> a.insert("docs", r));
        writes.put("insert into 'nowhere'", () -> a.insertBatch("nowhere", null)); // before the collection or the batch is looked at
        writes.put("upsert into 'docs'", () -> a.upsert("docs", null));
        writes.put("upsert into 'docs' ", () -> a.upsertBatch("docs", List.of(r)));
        writes.put("delete from 'docs'", () -> a.delete("docs", "a"));
        writes.put("delete from 'docs'  ", () -> a.deleteWhere("docs", null));
        writes.put("reindex 'docs'", () -> a.reindex("docs", IndexParams.flat()));
        writes.put("drop collection 'docs'", () -> a.dropCollection("docs"));
        writes.put("create collection 'other'", () -> a.createCollection("other", CollectionSpec.of(3, Metric.COSINE)));
        writes.put("write state 'k'", () -> a.writeState("k", "v"));
        writes.put("delete state 'k'", () -> a.deleteState(StateStore.MIGRATION_CHECKPOINTS, "k"));
        writes.put("migrate the stub", a::runMigration);
        writes.put("insert into 'docs'   ", () -> a.transaction(() -> a.insert("docs", r)));
        writes.forEach((operation, write) -> {
            Throwable thrown = catchThrowable(write);
            assertThat(thrown).as(operation).isInstanceOf(ReadOnlyException.class).hasMessageContaining("opened read-only");
            assertThat(((ReadOnlyException) thrown).operation()).isEqualTo(operation.strip());
        });
        assertThat(a.hooks).containsExactly("doTransaction");
        assertThat(a.readOnly()).isTrue();
    }

    @Test
    void should_read_and_return_an_existing_collection_with_an_equal_spec() {
        StubAdapter a = readOnly(Capability.READ_ONLY);
        assertThat(a.createCollection("docs", CollectionSpec.of(3, Metric.COSINE)).name()).isEqualTo("docs");
        a.get("docs", "a");
        a.count("docs", null);
        a.search("docs", SearchRequest.of(new float[] {1, 2, 3}, 1));
        a.readState("k");
        assertThat(a.hooks).containsExactly("doGet", "doCount", "doSearch", "doReadState");
    }

    @Test
    void should_refuse_a_read_only_adapter_without_the_capability_and_close_it() {
        StubAdapter without = readOnly();
        assertThatThrownBy(() -> AgentDB.builder().adapter(without).build()).isInstanceOf(UnsupportedFeatureException.class)
                .hasMessageContaining("READ_ONLY");
        assertThat(without.closed).isTrue();

        try (AgentDB db = AgentDB.builder().adapter(readOnly(Capability.READ_ONLY)).build()) {
            assertThat(db.readOnly()).isTrue();
            assertThatThrownBy(db::defaultCollection).isInstanceOf(NotFoundException.class).hasMessageContaining("read-only");
        }
        StubAdapter writable = new StubAdapter(AgentDBConfig.of("stub:x"), Set.of());
        try (AgentDB db = AgentDB.builder().adapter(writable).build()) {
            assertThat(db.readOnly()).isFalse();
            db.collection("docs").insert(VectorRecord.of("a", new float[] {1, 2, 3}, null));
        }
        assertThat(writable.hooks).containsExactly("doInsertBatch");
    }

    @Test
    void should_default_to_read_write_and_keep_the_flag() {
        assertThat(AgentDBConfig.of("sqlite:a.db").readOnly()).isFalse();
        AgentDBConfig config = AgentDBConfig.builder("sqlite:a.db").readOnly(true).build();
        assertThat(config.readOnly()).isTrue();
        assertThat(config.toString()).contains("readOnly=true");
    }
}
