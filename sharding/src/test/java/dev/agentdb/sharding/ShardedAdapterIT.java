package dev.agentdb.sharding;

import dev.agentdb.AgentDB;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.BackendUnavailableException;
import dev.agentdb.CollectionSpec;
import dev.agentdb.ConflictException;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.compat.Corpus;
import dev.agentdb.compat.TestVectors;
import dev.agentdb.filter.Filter;
import dev.agentdb.internal.AdapterRegistry;
import dev.agentdb.spi.DatabaseAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What sharding itself promises, on SQLite files: placement, exact merging, the ring check, the all-or-nothing batch. */
class ShardedAdapterIT {
    @TempDir
    Path dir;

    private AgentDB open(boolean readOnly, String... names) {
        Map<String, DatabaseAdapter> shards = new LinkedHashMap<>();
        for (String n : names) {
            shards.put(n, AdapterRegistry.open(AgentDBConfig.builder(url(n)).readOnly(readOnly).build()));
        }
        return AgentDB.builder().adapter(new ShardedAdapter(AgentDBConfig.builder(url(names[0])).readOnly(readOnly).build(), shards)).build();
    }

    private String url(String shard) {
        return "sqlite:" + dir.resolve(shard + ".db");
    }

    @Test
    void should_place_each_record_on_its_shard_and_merge_searches_exactly() {
        float[][] vectors = TestVectors.clustered(600, 16, 6, 0.3, 5);
        try (AgentDB sharded = open(false, "a", "b", "c"); AgentDB single = AgentDB.open(url("single"))) {
            for (AgentDB db : List.of(sharded, single)) {
                Corpus.insert(db.createCollection("docs", CollectionSpec.of(16, Metric.COSINE)), vectors, Corpus::defaultMetadata);
            }
            ShardedAdapter adapter = (ShardedAdapter) sharded.adapter();
            long total = 0;
            for (int i = 0; i < 3; i++) {
                DatabaseAdapter shard = adapter.shards().get(i);
                long n = shard.count("docs", null);
                assertThat(n).as("shard %s holds a share", adapter.ring().names().get(i)).isBetween(120L, 280L);
                total += n;
                for (VectorRecord r : shard.scan("docs", null, 1_000)) {
                    assertThat(adapter.ring().shardOf(r.id())).isEqualTo(i);
                }
            }
            assertThat(total).isEqualTo(600);

            VectorCollection s = sharded.collection("docs");
            VectorCollection one = single.collection("docs");
            for (float[] q : TestVectors.uniform(20, 16, 6)) {
                for (SearchRequest r : List.of(SearchRequest.builder(q).k(10).exact(true).build(),
                        SearchRequest.builder(q).k(25).exact(true).filter(Filter.lt("bucket", 10)).build())) {
                    List<SearchResult> a = s.search(r);
                    List<SearchResult> b = one.search(r);
                    assertThat(a).extracting(SearchResult::id).containsExactlyElementsOf(b.stream().map(SearchResult::id).toList());
                    // equal up to float rounding: the SIMD kernel's lane reduction (Vector API reduceLanes) sums in another
                    // order once C2 has compiled it, so the same distance can differ in its last bits between two searches
                    for (int i = 0; i < a.size(); i++) {
                        assertThat(a.get(i).distance()).as("distance of %s", a.get(i).id()).isCloseTo(b.get(i).distance(), within(1e-6));
                    }
                }
            }
            assertThat(s.count(Filter.gte("bucket", 25))).isEqualTo(one.count(Filter.gte("bucket", 25)));
        }
    }

    @Test
    void should_write_nothing_when_one_shards_part_of_an_insert_batch_conflicts() {
        try (AgentDB db = open(false, "a", "b", "c")) {
            VectorCollection c = db.createCollection("docs", CollectionSpec.of(2, Metric.L2));
            c.insert(VectorRecord.of("taken", new float[] {1, 1}, Map.of()));
            List<VectorRecord> batch = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                batch.add(VectorRecord.of("new-" + i, new float[] {i, 1}, Map.of()));
            }
            batch.add(VectorRecord.of("taken", new float[] {9, 9}, Map.of()));
            assertThatThrownBy(() -> c.insertBatch(batch)).isInstanceOf(ConflictException.class);
            assertThat(c.count()).isEqualTo(1);
            assertThat(c.get("taken").orElseThrow().embedding()).containsExactly(1, 1);
        }
    }

    @Test
    void should_refuse_a_shard_at_another_schema_version() {
        Map<String, DatabaseAdapter> shards = new LinkedHashMap<>();
        shards.put("a", AdapterRegistry.open(AgentDBConfig.builder(url("a")).build()));
        shards.put("b", AdapterRegistry.open(AgentDBConfig.builder(url("b")).autoMigrate(false).build())); // version 0
        assertThatThrownBy(() -> new ShardedAdapter(AgentDBConfig.builder(url("a")).build(), shards))
                .isInstanceOf(BackendUnavailableException.class).hasMessageContaining("shard 'b' is at schema version 0")
                .hasMessageContaining("every shard must be at one version");
    }

    @Test
    void should_refuse_a_shard_of_another_set_and_change_nothing() {
        try (AgentDB db = open(false, "a", "b", "c")) {
            db.createCollection("docs", CollectionSpec.of(2, Metric.L2)).insert(VectorRecord.of("x", new float[] {1, 2}, Map.of()));
        }
        assertThatThrownBy(() -> open(false, "a", "b")).isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("belongs to the shard set [a, b, c], not to [a, b]").hasMessageContaining("agentdb migrate");
        assertThatThrownBy(() -> open(false, "a", "b", "c", "d")).isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("[a, b, c, d]");
        assertThatThrownBy(() -> open(true, "e", "f")).isInstanceOf(BackendUnavailableException.class);
        try (AgentDB db = open(true, "c", "a", "b")) {
            assertThat(db.collection("docs").get("x")).isPresent();
        }
    }
}
