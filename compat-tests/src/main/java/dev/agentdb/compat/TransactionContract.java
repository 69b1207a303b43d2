package dev.agentdb.compat;

import dev.agentdb.AgentDB;
import dev.agentdb.ConflictException;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Metric;
import dev.agentdb.UnsupportedFeatureException;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;
import dev.agentdb.spi.Capability;
import dev.agentdb.spi.StateStore;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.agentdb.compat.Records.ids;
import static dev.agentdb.compat.Records.allIds;
import static dev.agentdb.compat.TestVectors.vec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * Contract (backends declaring {@link Capability#TRANSACTIONS}): work inside
 * {@code useTransaction}/{@code inTransaction} commits together or not at all, across collections
 * (inserts, upserts, deletes and deleteWhere alike; the index follows the rows), and committed work
 * is visible to another connection. Engine state ({@code readState}/{@code writeState}) commits
 * and rolls back with the rows, and survives reopening on durable backends; each
 * {@link StateStore} is apart from the others (the same key holds a value per store), and a
 * migration checkpoint rolls back with the batch written in its transaction.
 * Backends without the capability must refuse with {@link UnsupportedFeatureException}.
 */
public interface TransactionContract extends CompatFixture {
    /**
     * Engine state is read, written, overwritten and deleted by key; bad keys and oversized values
     * are refused.
     */
    @Test
    default void should_read_write_overwrite_and_delete_engine_state() {
        var adapter = db().adapter();
        assertThat(adapter.readState("migrate/docs")).isEmpty();
        adapter.writeState("migrate/docs", "{\"last\":\"a\"}");
        adapter.writeState("migrate/docs", "{\"last\":\"b\"}");
        adapter.writeState("other:key-1.x", "é ✓");
        assertThat(adapter.readState("migrate/docs")).contains("{\"last\":\"b\"}");
        assertThat(adapter.readState("other:key-1.x")).contains("é ✓");
        assertThat(adapter.deleteState("migrate/docs")).isTrue();
        assertThat(adapter.deleteState("migrate/docs")).isFalse();
        assertThat(adapter.readState("migrate/docs")).isEmpty();
        assertThatThrownBy(() -> adapter.writeState("bad key; DROP", "x")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("key");
        assertThatThrownBy(() -> adapter.writeState("k", "x".repeat(65_537))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("65536");
        if (supports(Capability.DURABLE)) {
            AgentDB again = reopen();
            assertThat(again.adapter().readState("other:key-1.x")).contains("é ✓");
        }
    }

    /**
     * Engine state written in a transaction rolls back with its rows ({@code TRANSACTIONS}).
     */
    @Test
    default void should_roll_back_engine_state_with_the_rows_of_its_transaction() {
        assumeCapability(Capability.TRANSACTIONS);
        VectorCollection a = createCollection("a_docs", 3, Metric.COSINE);
        db().adapter().writeState("checkpoint", "1");
        IllegalStateException boom = new IllegalStateException("boom");

        Throwable thrown = catchThrowable(() -> db().useTransaction(() -> {
            a.insert(VectorRecord.of("x", vec(1, 2, 3), null));
            db().adapter().writeState("checkpoint", "2");
            assertThat(db().adapter().readState("checkpoint")).as("the transaction sees its own state").contains("2");
            throw boom;
        }));
        assertThat(thrown).isSameAs(boom);
        assertThat(db().adapter().readState("checkpoint")).contains("1");
        assertThat(a.count()).isZero();

        db().useTransaction(() -> {
            a.insert(VectorRecord.of("x", vec(1, 2, 3), null));
            db().adapter().writeState("checkpoint", "2");
        });
        assertThat(db().adapter().readState("checkpoint")).contains("2");
        assertThat(a.count()).isEqualTo(1);
    }

    /**
     * Each state store keeps its own value per key, and both survive reopening.
     */
    @Test
    default void should_keep_each_state_store_apart_and_persist_both() {
        var adapter = db().adapter();
        adapter.writeState(StateStore.ENGINE, "migrate/docs", "engine");
        adapter.writeState(StateStore.MIGRATION_CHECKPOINTS, "migrate/docs", "checkpoint");
        adapter.writeState(StateStore.MIGRATION_CHECKPOINTS, "docs", "{\"rows\":500}");

        assertThat(adapter.readState(StateStore.ENGINE, "migrate/docs")).contains("engine");
        assertThat(adapter.readState("migrate/docs")).as("the one-argument methods use ENGINE").contains("engine");
        assertThat(adapter.readState(StateStore.MIGRATION_CHECKPOINTS, "migrate/docs")).contains("checkpoint");
        assertThat(adapter.readState(StateStore.ENGINE, "docs")).isEmpty();
        assertThat(adapter.deleteState("migrate/docs")).isTrue();
        assertThat(adapter.readState(StateStore.MIGRATION_CHECKPOINTS, "migrate/docs")).as("deleting in ENGINE leaves the other store")
                .contains("checkpoint");
        assertThat(adapter.deleteState(StateStore.ENGINE, "docs")).isFalse();
        InvalidInputException noStore = catchThrowableOfType(InvalidInputException.class, () -> adapter.readState(null, "k"));
        assertThat(noStore.field()).isEqualTo("store");
        assertThatThrownBy(() -> adapter.writeState(StateStore.MIGRATION_CHECKPOINTS, "bad key", "x"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("key");
        assertThatThrownBy(() -> adapter.writeState(StateStore.MIGRATION_CHECKPOINTS, "k", null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("value");
        adapter.writeState(StateStore.ENGINE, "migrate/docs", "engine again");

        if (supports(Capability.DURABLE)) {
            var again = reopen().adapter();
            assertThat(again.readState(StateStore.ENGINE, "migrate/docs")).contains("engine again");
            assertThat(again.readState(StateStore.MIGRATION_CHECKPOINTS, "migrate/docs")).contains("checkpoint");
            assertThat(again.readState(StateStore.MIGRATION_CHECKPOINTS, "docs")).contains("{\"rows\":500}");
            assertThat(again.deleteState(StateStore.MIGRATION_CHECKPOINTS, "docs")).isTrue();
            assertThat(again.readState(StateStore.MIGRATION_CHECKPOINTS, "docs")).isEmpty();
        }
    }

    /**
     * A migration checkpoint rolls back with the batch written in its transaction ({@code
     * TRANSACTIONS}).
     */
    @Test
    default void should_roll_back_a_checkpoint_with_the_batch_of_its_transaction() {
        assumeCapability(Capability.TRANSACTIONS);
        VectorCollection a = createCollection("a_docs", 3, Metric.COSINE);
        IllegalStateException boom = new IllegalStateException("boom");

        Throwable first = catchThrowable(() -> db().useTransaction(() -> {
            a.insertBatch(List.of(VectorRecord.of("x", vec(1, 2, 3), null), VectorRecord.of("y", vec(3, 2, 1), null)));
            db().adapter().writeState(StateStore.MIGRATION_CHECKPOINTS, "a_docs", "y");
            throw boom;
        }));
        assertThat(first).isSameAs(boom);
        assertThat(db().adapter().readState(StateStore.MIGRATION_CHECKPOINTS, "a_docs"))
                .as("the first write to the store rolled back").isEmpty();
        assertThat(a.count()).isZero();

        db().useTransaction(() -> {
            a.insertBatch(List.of(VectorRecord.of("x", vec(1, 2, 3), null), VectorRecord.of("y", vec(3, 2, 1), null)));
            db().adapter().writeState(StateStore.MIGRATION_CHECKPOINTS, "a_docs", "y");
        });
        Throwable second = catchThrowable(() -> db().useTransaction(() -> {
            a.insert(VectorRecord.of("z", vec(1, 1, 1), null));
            db().adapter().writeState(StateStore.MIGRATION_CHECKPOINTS, "a_docs", "z");
            db().adapter().writeState(StateStore.ENGINE, "a_docs", "engine");
            assertThat(db().adapter().readState(StateStore.MIGRATION_CHECKPOINTS, "a_docs")).contains("z");
            throw boom;
        }));
        assertThat(second).isSameAs(boom);
        assertThat(db().adapter().readState(StateStore.MIGRATION_CHECKPOINTS, "a_docs")).contains("y");
        assertThat(db().adapter().readState(StateStore.ENGINE, "a_docs")).isEmpty();
        assertThat(allIds(a)).containsExactly("x", "y");
    }

    /**
     * A transaction that throws stores none of its inserts, deletes and upserts, in any collection
     * ({@code TRANSACTIONS}).
     */
    @Test
    default void should_store_nothing_when_transaction_throws() {
        assumeCapability(Capability.TRANSACTIONS);
        VectorCollection a = createCollection("a_docs", 3, Metric.COSINE);
        VectorCollection b = createCollection("b_docs", 3, Metric.L2);
        a.insert(VectorRecord.of("before", vec(1, 1, 1), null));
        IllegalStateException boom = new IllegalStateException("boom");

        Throwable thrown = catchThrowable(() -> db().useTransaction(() -> {
            a.insert(VectorRecord.of("x", vec(1, 2, 3), Map.of("t", 1L)));
            b.insertBatch(List.of(VectorRecord.of("y", vec(3, 2, 1), null), VectorRecord.of("z", vec(1, 0, 0), null)));
            a.delete("before");
            a.upsert(VectorRecord.of("x", vec(9, 9, 9), null));
            throw boom;
        }));

        assertThat(thrown).isSameAs(boom);
        assertThat(allIds(a)).containsExactly("before");
        assertThat(b.count()).isZero();
        awaitSearchable(a, 1);
        awaitSearchable(b, 0);
        assertThat(ids(a.search(vec(1, 2, 3), 5))).containsExactly("before");
        assertThat(b.search(vec(1, 2, 3), 5)).isEmpty();
    }

    /**
     * A transaction that returns stores its writes to both collections and sees them itself ({@code
     * TRANSACTIONS}).
     */
    @Test
    default void should_store_both_collections_when_transaction_succeeds() {
        assumeCapability(Capability.TRANSACTIONS);
        VectorCollection a = createCollection("a_docs", 3, Metric.COSINE);
        VectorCollection b = createCollection("b_docs", 3, Metric.L2);

        String result = db().inTransaction(() -> {
            a.insert(VectorRecord.of("x", vec(1, 2, 3), Map.of("t", 1L)));
            b.insert(VectorRecord.of("y", vec(3, 2, 1), Map.of("t", 2L)));
            assertThat(a.get("x")).as("the transaction sees its own writes").isPresent();
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(a.get("x").orElseThrow().metadata()).containsEntry("t", 1L);
        assertThat(b.get("y").orElseThrow().metadata()).containsEntry("t", 2L);
        awaitSearchable(a, 1);
        awaitSearchable(b, 1);
        assertThat(ids(a.search(vec(1, 2, 3), 1))).containsExactly("x");
        assertThat(ids(b.search(vec(3, 2, 1), 1))).containsExactly("y");
    }

    /**
     * A conflicting insert rolls back the earlier writes of its transaction ({@code TRANSACTIONS}).
     */
    @Test
    default void should_roll_back_earlier_writes_when_a_later_insert_conflicts() {
        assumeCapability(Capability.TRANSACTIONS);
        VectorCollection a = createCollection("a_docs", 3, Metric.COSINE);
        VectorCollection b = createCollection("b_docs", 3, Metric.COSINE);
        b.insert(VectorRecord.of("taken", vec(1, 1, 1), null));

        assertThatThrownBy(() -> db().useTransaction(() -> {
            a.insert(VectorRecord.of("x", vec(1, 2, 3), null));
            b.insert(VectorRecord.of("taken", vec(3, 2, 1), null));
        })).isInstanceOf(ConflictException.class);

        assertThat(a.count()).isZero();
        assertThat(b.get("taken").orElseThrow().embedding()).containsExactly(1f, 1f, 1f);
        assertThat(b.count()).isEqualTo(1);
    }

    /**
     * Writes after a rolled-back transaction are stored and found ({@code TRANSACTIONS}).
     */
    @Test
    default void should_accept_later_writes_after_a_rolled_back_transaction() {
        assumeCapability(Capability.TRANSACTIONS);
        VectorCollection a = createCollection("a_docs", 3, Metric.COSINE);
        catchThrowable(() -> db().useTransaction(() -> {
            a.insert(VectorRecord.of("x", vec(1, 2, 3), null));
            throw new IllegalStateException("boom");
        }));

        a.insert(VectorRecord.of("x", vec(1, 2, 3), null));

        assertThat(a.count()).isEqualTo(1);
        awaitSearchable(a, 1);
        assertThat(ids(a.search(vec(1, 2, 3), 3))).containsExactly("x");
    }

    /**
     * Deletes, deleteWhere and upserts across two collections roll back, the index included ({@code
     * TRANSACTIONS}).
     */
    @Test
    default void should_roll_back_deletes_and_upserts_across_two_collections() {
        assumeCapability(Capability.TRANSACTIONS);
        VectorCollection a = createCollection("a_docs", 3, Metric.COSINE);
        VectorCollection b = createCollection("b_docs", 3, Metric.L2);
        a.insertBatch(List.of(VectorRecord.of("a1", vec(1, 0, 0), Map.of("g", 1L)),
                VectorRecord.of("a2", vec(0, 1, 0), Map.of("g", 1L)),
                VectorRecord.of("a3", vec(0, 0, 1), Map.of("g", 2L))));
        b.insertBatch(List.of(VectorRecord.of("b1", vec(1, 1, 0), Map.of("v", "old")),
                VectorRecord.of("b2", vec(0, 1, 1), Map.of("v", "old"))));
        IllegalStateException boom = new IllegalStateException("boom");

        Throwable thrown = catchThrowable(() -> db().useTransaction(() -> {
            assertThat(a.deleteWhere(Filter.eq("g", 1L))).isEqualTo(2);
            b.delete("b2");
            b.upsertBatch(List.of(VectorRecord.of("b1", vec(9, 9, 9), Map.of("v", "new")),
                    VectorRecord.of("b3", vec(5, 5, 5), Map.of("v", "new"))));
            a.insert(VectorRecord.of("a4", vec(1, 1, 1), Map.of("g", 1L)));
            assertThat(a.count()).as("the transaction sees its own deletes and inserts").isEqualTo(2);
            assertThat(ids(b.search(vec(9, 9, 9), 1))).as("and its own upserts in search").containsExactly("b1");
            throw boom;
        }));

        assertThat(thrown).isSameAs(boom);
        assertThat(allIds(a)).containsExactly("a1", "a2", "a3");
        assertThat(allIds(b)).containsExactly("b1", "b2");
        assertThat(b.get("b1").orElseThrow().embedding()).containsExactly(1f, 1f, 0f);
        assertThat(b.get("b1").orElseThrow().metadata()).containsEntry("v", "old");
        assertThat(a.count(Filter.eq("g", 1L))).isEqualTo(2);
        awaitSearchable(a, 3);
        awaitSearchable(b, 2);
        assertThat(ids(a.search(vec(1, 0.1f, 0), 1))).containsExactly("a1");
        assertThat(ids(b.search(vec(9, 9, 9), 2))).as("the index holds the pre-transaction vectors")
                .containsExactly("b1", "b2");
        assertThat(b.search(vec(9, 9, 9), 1).get(0).distance()).isCloseTo(Math.sqrt(64 + 64 + 81), within(1e-4));
    }

    /**
     * Committed work is seen by another connection ({@code TRANSACTIONS}).
     */
    @Test
    default void should_show_committed_work_to_another_connection() {
        assumeCapability(Capability.TRANSACTIONS);
        VectorCollection a = createCollection("a_docs", 3, Metric.COSINE);
        VectorCollection b = createCollection("b_docs", 3, Metric.L2);
        a.insert(VectorRecord.of("gone", vec(1, 1, 1), null));

        db().useTransaction(() -> {
            a.delete("gone");
            a.insert(VectorRecord.of("x", vec(1, 2, 3), null));
            b.insert(VectorRecord.of("y", vec(3, 2, 1), null));
        });

        AgentDB other = openAgain();
        assertThat(allIds(other.collection("a_docs"))).containsExactly("x");
        assertThat(allIds(other.collection("b_docs"))).containsExactly("y");
        awaitSearchable(other.collection("b_docs"), 1);
        assertThat(ids(other.collection("b_docs").search(vec(3, 2, 1), 3))).containsExactly("y");
    }

    /**
     * Without {@code TRANSACTIONS}, a transaction throws {@code UnsupportedFeatureException} and
     * stores nothing.
     */
    @Test
    default void should_refuse_transactions_when_capability_is_absent() {
        assumeLacks(Capability.TRANSACTIONS);
        VectorCollection a = createCollection("a_docs", 3, Metric.COSINE);

        assertThatThrownBy(() -> db().useTransaction(() -> a.insert(VectorRecord.of("x", vec(1, 2, 3), null))))
                .isInstanceOf(UnsupportedFeatureException.class);
        assertThat(a.count()).isZero();
    }
}
