package dev.agentdb.compat;

import dev.agentdb.ConflictException;
import dev.agentdb.Metric;
import dev.agentdb.UnsupportedFeatureException;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.spi.Capability;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Layer 10 (backends declaring {@link Capability#TRANSACTIONS}): work inside
 * {@code useTransaction}/{@code inTransaction} commits together or not at all, across collections.
 * Backends without the capability must refuse with {@link UnsupportedFeatureException}.
 */
public abstract class TransactionSuite extends PersistenceSuite {

    /** For subclasses. */
    protected TransactionSuite() {
    }

    @Test
    void should_store_nothing_when_transaction_throws() {
        assumeCapability(Capability.TRANSACTIONS);
        VectorCollection a = createCollection("a_docs", 3, Metric.COSINE);
        VectorCollection b = createCollection("b_docs", 3, Metric.L2);
        a.insert(VectorRecord.of("before", vec(1, 1, 1), null));
        IllegalStateException boom = new IllegalStateException("boom");

        Throwable thrown = catchThrowable(() -> db.useTransaction(() -> {
            a.insert(VectorRecord.of("x", vec(1, 2, 3), Map.of("t", 1L)));
            b.insertBatch(List.of(VectorRecord.of("y", vec(3, 2, 1), null), VectorRecord.of("z", vec(1, 0, 0), null)));
            a.delete("before");
            a.upsert(VectorRecord.of("x", vec(9, 9, 9), null));
            throw boom;
        }));

        assertThat(thrown).isSameAs(boom);
        assertThat(allIds(a)).containsExactly("before");
        assertThat(b.count()).isZero();
        assertThat(ids(a.search(vec(1, 2, 3), 5))).containsExactly("before");
        assertThat(b.search(vec(1, 2, 3), 5)).isEmpty();
    }

    @Test
    void should_store_both_collections_when_transaction_succeeds() {
        assumeCapability(Capability.TRANSACTIONS);
        VectorCollection a = createCollection("a_docs", 3, Metric.COSINE);
        VectorCollection b = createCollection("b_docs", 3, Metric.L2);

        String result = db.inTransaction(() -> {
            a.insert(VectorRecord.of("x", vec(1, 2, 3), Map.of("t", 1L)));
            b.insert(VectorRecord.of("y", vec(3, 2, 1), Map.of("t", 2L)));
            assertThat(a.get("x")).as("the transaction sees its own writes").isPresent();
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(a.get("x").orElseThrow().metadata()).containsEntry("t", 1L);
        assertThat(b.get("y").orElseThrow().metadata()).containsEntry("t", 2L);
        assertThat(ids(a.search(vec(1, 2, 3), 1))).containsExactly("x");
        assertThat(ids(b.search(vec(3, 2, 1), 1))).containsExactly("y");
    }

    @Test
    void should_roll_back_earlier_writes_when_a_later_insert_conflicts() {
        assumeCapability(Capability.TRANSACTIONS);
        VectorCollection a = createCollection("a_docs", 3, Metric.COSINE);
        VectorCollection b = createCollection("b_docs", 3, Metric.COSINE);
        b.insert(VectorRecord.of("taken", vec(1, 1, 1), null));

        assertThatThrownBy(() -> db.useTransaction(() -> {
            a.insert(VectorRecord.of("x", vec(1, 2, 3), null));
            b.insert(VectorRecord.of("taken", vec(3, 2, 1), null));
        })).isInstanceOf(ConflictException.class);

        assertThat(a.count()).isZero();
        assertThat(b.get("taken").orElseThrow().embedding()).containsExactly(1f, 1f, 1f);
        assertThat(b.count()).isEqualTo(1);
    }

    @Test
    void should_accept_later_writes_after_a_rolled_back_transaction() {
        assumeCapability(Capability.TRANSACTIONS);
        VectorCollection a = createCollection("a_docs", 3, Metric.COSINE);
        catchThrowable(() -> db.useTransaction(() -> {
            a.insert(VectorRecord.of("x", vec(1, 2, 3), null));
            throw new IllegalStateException("boom");
        }));

        a.insert(VectorRecord.of("x", vec(1, 2, 3), null));

        assertThat(a.count()).isEqualTo(1);
        assertThat(ids(a.search(vec(1, 2, 3), 3))).containsExactly("x");
    }

    @Test
    void should_refuse_transactions_when_capability_is_absent() {
        org.junit.jupiter.api.Assumptions.assumeFalse(supports(Capability.TRANSACTIONS),
                "backend declares TRANSACTIONS");
        VectorCollection a = createCollection("a_docs", 3, Metric.COSINE);

        assertThatThrownBy(() -> db.useTransaction(() -> a.insert(VectorRecord.of("x", vec(1, 2, 3), null))))
                .isInstanceOf(UnsupportedFeatureException.class);
        assertThat(a.count()).isZero();
    }
}
