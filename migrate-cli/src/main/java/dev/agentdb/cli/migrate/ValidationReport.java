package dev.agentdb.cli.migrate;

import java.util.List;

/**
 * The outcome of validating one collection: counts, a row-by-row comparison in id order, aggregate
 * checksums and the overlap of exact searches on both sides.
 *
 * @param collection the collection
 * @param sourceCount rows in the source
 * @param targetCount rows in the target (-1 when the target collection is missing)
 * @param rowsCompared rows seen by the merged scan (ids on either side); with derived ids, the source rows
 * @param mismatchCount rows missing on one side or differing (all of them, not only those listed)
 * @param mismatches the first (up to {@link Validator#MAX_LISTED}) mismatching rows
 * @param sourceChecksum SHA-256 over the per-row checksums of the source, in id order (with derived ids: their sum
 *                       modulo 2<sup>256</sup>, see {@link Validator})
 * @param targetChecksum the same over the target
 * @param searchQueries the number of exact searches run on both sides
 * @param meanOverlap mean fraction of the source's top-k ids found in the target's top-k (1 when no query ran)
 * @param minOverlap the smallest overlap the report accepts
 */
public record ValidationReport(String collection, long sourceCount, long targetCount, long rowsCompared,
                               long mismatchCount, List<Mismatch> mismatches, String sourceChecksum,
                               String targetChecksum, int searchQueries, double meanOverlap, double minOverlap) {

    /**
     * One differing row.
     *
     * @param id the record id (the SOURCE id when the ids were not preserved)
     * @param targetId the id the row has on the target when the ids were not preserved, else null (the same id)
     * @param problem what differed, e.g. {@code missing on target}, {@code embedding[3] differs (0.5 vs 0.25)}
     */
    public record Mismatch(String id, String targetId, String problem) {
        /**
         * A row with the same id on both sides.
         *
         * @param id the record id
         * @param problem what differed
         */
        public Mismatch(String id, String problem) {
            this(id, null, problem);
        }
    }

    /**
     * Copies the list of mismatches into an unmodifiable one.
     *
     * @param collection the collection
     * @param sourceCount rows in the source, 0 or more
     * @param targetCount rows in the target, or -1 when the target collection is missing
     * @param rowsCompared rows seen by the merged scan (ids on either side); with derived ids, the
     *                     source rows
     * @param mismatchCount rows missing on one side or differing, all of them, not only those listed
     * @param mismatches the first (up to {@link Validator#MAX_LISTED}) mismatching rows; the list and
     *                   its elements must not be null
     * @param sourceChecksum the source's aggregate checksum as lower-case hex (see the record
     *                       description); must not be null, since {@link #ok()} compares it
     * @param targetChecksum the same over the target
     * @param searchQueries the number of exact searches run on both sides, 0 or more
     * @param meanOverlap mean fraction of the source's top-k ids found in the target's top-k, 0 to 1
     *                    (1 when no query ran)
     * @param minOverlap the smallest mean overlap the report accepts, 0 to 1
     * @throws NullPointerException when {@code mismatches} or one of its elements is null
     */
    public ValidationReport {
        mismatches = List.copyOf(mismatches);
    }

    /** @return whether counts, every row and the searches agree */
    public boolean ok() {
        return sourceCount == targetCount && mismatchCount == 0 && sourceChecksum.equals(targetChecksum)
                && meanOverlap >= minOverlap;
    }

    /** @return one line per problem, empty when {@link #ok()} */
    public List<String> problems() {
        List<String> out = new java.util.ArrayList<>();
        if (targetCount < 0) {
            out.add("the target has no collection '" + collection + "'");
        } else if (sourceCount != targetCount) {
            out.add("counts differ: source " + sourceCount + ", target " + targetCount);
        }
        if (mismatchCount > 0) {
            out.add(mismatchCount + " row(s) differ" + (mismatchCount > mismatches.size() ? " (first " + mismatches.size() + " listed)" : "") + ":");
            for (Mismatch m : mismatches) {
                out.add("  id '" + m.id() + "'" + (m.targetId() == null ? "" : " (target id '" + m.targetId() + "')") + ": " + m.problem());
            }
        } else if (!sourceChecksum.equals(targetChecksum) && targetCount >= 0) {
            out.add("checksums differ: source " + sourceChecksum + ", target " + targetChecksum);
        }
        if (meanOverlap < minOverlap) {
            out.add(String.format(java.util.Locale.ROOT, "mean top-%d overlap of %d exact searches is %.4f, below %.2f",
                    Validator.SEARCH_K, searchQueries, meanOverlap, minOverlap));
        }
        return out;
    }
}
