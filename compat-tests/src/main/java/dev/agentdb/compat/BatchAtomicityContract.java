package dev.agentdb.compat;

import dev.agentdb.ConflictException;
import dev.agentdb.DimensionMismatchException;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Limits;
import dev.agentdb.Metric;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.agentdb.compat.Records.ids;
import static dev.agentdb.compat.Records.allIds;
import static dev.agentdb.compat.TestVectors.vec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Contract: batches are atomic. One bad record in the middle of a batch raises the documented
 * exception and stores none of the batch, for inserts and upserts alike.
 */
public interface BatchAtomicityContract extends CompatFixture {
    /** Records in each batch of this contract. */
    int BATCH = 40;
    /** The index of the bad record in a batch. */
    int BAD_AT = 23;

    /** The kinds of bad record the suite slips into a batch. */
    enum BadRecord {
        /** An embedding one component short. */
        WRONG_DIMENSION(DimensionMismatchException.class, "records[" + BAD_AT + "].embedding"),
        /** A NaN component. */
        NAN(InvalidInputException.class, "records[" + BAD_AT + "].embedding[2]"),
        /** A positive infinity component. */
        INFINITY(InvalidInputException.class, "records[" + BAD_AT + "].embedding[0]"),
        /** The id of an earlier record of the same batch. */
        DUPLICATE_ID_IN_BATCH(InvalidInputException.class, "records[" + BAD_AT + "].id"),
        /** The id of a record already stored (insert only). */
        ID_ALREADY_STORED(ConflictException.class, null),
        /** Metadata over {@link Limits#MAX_METADATA_BYTES}. */
        METADATA_TOO_LARGE(InvalidInputException.class, "records[" + BAD_AT + "].metadata"),
        /** An id over {@link Limits#MAX_ID_LENGTH}. */
        ID_TOO_LONG(InvalidInputException.class, "records[" + BAD_AT + "].id");

        final Class<? extends RuntimeException> expected;
        final String field;

        BadRecord(Class<? extends RuntimeException> expected, String field) {
            this.expected = expected;
            this.field = field;
        }
    }

    private static List<VectorRecord> batchWith(BadRecord bad) {
        float[][] vectors = TestVectors.uniform(BATCH, 4, 71);
        List<VectorRecord> batch = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            batch.add(VectorRecord.of("b" + i, vectors[i], Map.of("i", (long) i)));
        }
        VectorRecord good = batch.get(BAD_AT);
        VectorRecord replaced;
        switch (bad) {
            case WRONG_DIMENSION: replaced = VectorRecord.of(good.id(), vec(1, 2, 3), null); break;
            case NAN: replaced = VectorRecord.of(good.id(), vec(1, 2, Float.NaN, 4), null); break;
            case INFINITY: replaced = VectorRecord.of(good.id(), vec(Float.POSITIVE_INFINITY, 2, 3, 4), null); break;
            case DUPLICATE_ID_IN_BATCH: replaced = good.withId("b5"); break;
            case ID_ALREADY_STORED: replaced = good.withId("stored"); break;
            case METADATA_TOO_LARGE:
                replaced = VectorRecord.of(good.id(), good.embedding(), Map.of("big", "x".repeat(Limits.MAX_METADATA_BYTES)));
                break;
            case ID_TOO_LONG: replaced = good.withId("i".repeat(Limits.MAX_ID_LENGTH + 1)); break;
            default: throw new AssertionError(bad);
        }
        batch.set(BAD_AT, replaced);
        return batch;
    }

    private VectorCollection collectionWithOneRecord() {
        VectorCollection c = createCollection("docs", 4, Metric.COSINE);
        c.insert(VectorRecord.of("stored", vec(1, 1, 1, 1), Map.of("original", true)));
        awaitSearchable(c, 1);
        return c;
    }

    /** Asserts that only the record stored before the batch is there, also once search has caught up. */
    private void assertNothingOfBatchStored(VectorCollection c) {
        assertThat(c.count()).isEqualTo(1);
        assertThat(allIds(c)).containsExactly("stored");
        assertThat(c.get("b0")).isEmpty();
        assertThat(c.get("stored").orElseThrow().metadata()).containsEntry("original", true);
        assertThat(c.get("stored").orElseThrow().embedding()).containsExactly(1f, 1f, 1f, 1f);
        awaitSearchable(c, 1);
        assertThat(ids(c.search(vec(1, 2, 3, 4), 10))).containsExactly("stored");
    }

    /**
     * An insert batch with one bad record in the middle throws the documented exception (naming
     * {@code records[i]...}) and stores none of the batch.
     *
     * @param bad the kind of bad record
     */
    @ParameterizedTest
    @EnumSource(BadRecord.class)
    default void should_store_none_of_an_insert_batch_with_one_bad_record(BadRecord bad) {
        VectorCollection c = collectionWithOneRecord();

        Throwable thrown = catchThrowable(() -> c.insertBatch(batchWith(bad)));

        assertThat(thrown).isInstanceOf(bad.expected);
        if (bad.field != null) {
            assertThat(((InvalidInputException) thrown).field()).isEqualTo(bad.field);
        } else {
            assertThat(thrown).hasMessageContaining("stored");
        }
        assertNothingOfBatchStored(c);
    }

    /**
     * An upsert batch with one bad record throws the documented exception and stores none of the
     * batch.
     *
     * @param bad the kind of bad record
     */
    @ParameterizedTest
    @EnumSource(value = BadRecord.class, names = "ID_ALREADY_STORED", mode = EnumSource.Mode.EXCLUDE)
    default void should_store_none_of_an_upsert_batch_with_one_bad_record(BadRecord bad) {
        VectorCollection c = collectionWithOneRecord();

        Throwable thrown = catchThrowable(() -> c.upsertBatch(batchWith(bad)));

        assertThat(thrown).isInstanceOf(bad.expected);
        assertNothingOfBatchStored(c);
    }

    /**
     * An insert batch whose last record has a stored id throws {@code ConflictException} and stores
     * none of the batch.
     */
    @Test
    default void should_store_none_when_the_last_record_conflicts_with_a_stored_id() {
        VectorCollection c = collectionWithOneRecord();
        List<VectorRecord> batch = new ArrayList<>(batchWith(BadRecord.NAN).subList(0, BAD_AT));
        batch.add(VectorRecord.of("stored", vec(4, 3, 2, 1), Map.of("original", false)));

        Throwable thrown = catchThrowable(() -> c.insertBatch(batch));

        assertThat(thrown).isInstanceOf(ConflictException.class);
        assertNothingOfBatchStored(c);
    }

    /**
     * A batch of valid records is stored whole, its ids returned in order.
     */
    @Test
    default void should_store_whole_batch_when_every_record_is_valid() {
        VectorCollection c = collectionWithOneRecord();
        List<VectorRecord> batch = new ArrayList<>(batchWith(BadRecord.NAN));
        batch.set(BAD_AT, VectorRecord.of("b" + BAD_AT, vec(1, 2, 3, 4), null));

        List<String> ids = c.insertBatch(batch);

        assertThat(ids).hasSize(BATCH).startsWith("b0", "b1").endsWith("b" + (BATCH - 1));
        assertThat(c.count()).isEqualTo(BATCH + 1);
    }
}
