package dev.agentdb.cli.migrate;

import dev.agentdb.VectorRecord;
import dev.agentdb.spi.DatabaseAdapter;

/**
 * Walks one collection on both sides of a migration together in id order (a merge join of two {@link IdOrderCursor}s),
 * pairing the rows whose ids are equal: one page per side in memory. Used by validation and by {@code --sync}.
 */
final class IdOrderMerge {
    /**
     * The rows of one id.
     *
     * @param source the source's row, or null when only the target has the id
     * @param target the target's row, or null when only the source has the id
     */
    record Pair(VectorRecord source, VectorRecord target) {
    }

    private final IdOrderCursor sourceRows;
    private final IdOrderCursor targetRows;
    private VectorRecord a;
    private VectorRecord b;

    /**
     * @param source the source adapter
     * @param target the target adapter
     * @param collection a collection present on both sides
     * @param pageSize records per {@code scan} on each side, 1 to 100,000
     */
    IdOrderMerge(DatabaseAdapter source, DatabaseAdapter target, String collection, int pageSize) {
        sourceRows = new IdOrderCursor(source, collection, pageSize);
        targetRows = new IdOrderCursor(target, collection, pageSize);
        a = sourceRows.next();
        b = targetRows.next();
    }

    /**
     * @return the next id's rows, or null after the last id of both sides; rows written meanwhile at ids up to the
     *         returned one are not seen again
     */
    Pair next() {
        if (a == null && b == null) {
            return null;
        }
        int c = a == null ? 1 : b == null ? -1 : Validator.compareCodePoints(a.id(), b.id());
        Pair p = new Pair(c <= 0 ? a : null, c >= 0 ? b : null);
        if (c <= 0) {
            a = sourceRows.next();
        }
        if (c >= 0) {
            b = targetRows.next();
        }
        return p;
    }
}
