package dev.agentdb.cli.migrate;

import dev.agentdb.AgentDBException;
import dev.agentdb.BackendUnavailableException;
import dev.agentdb.InvalidInputException;
import dev.agentdb.VectorRecord;
import dev.agentdb.cli.CliException;

import java.util.List;
import java.util.OptionalInt;

/**
 * Copying or syncing a collection failed at a known row; the message names the collection and the
 * row. Every batch before it is committed with its checkpoint, so after fixing the cause a
 * {@code --resume} run continues there. {@link #rowRefused()} tells a row the target refuses or the
 * source cannot read (the data must change) from a database error (which may pass). Reported as
 * one message, without a stack trace.
 */
public final class CopyFailedException extends CliException {
    private static final long serialVersionUID = 1L;

    /** The collection being copied (not serialised). */
    private final String collection;
    /** Whether the failure is about one row's data rather than the database. */
    private final boolean rowRefused;

    private CopyFailedException(String collection, boolean rowRefused, String message, Throwable cause) {
        super(message, cause);
        this.collection = collection;
        this.rowRefused = rowRefused;
    }

    /** @return the collection being copied */
    public String collection() {
        return collection;
    }

    /** @return true when one row's data is at fault (the target refuses it, or the source cannot read it) */
    public boolean rowRefused() {
        return rowRefused;
    }

    /**
     * A source page could not be read.
     *
     * @param collection the collection
     * @param afterId the last id copied before the page, or null for the first page
     * @param e what the source threw; {@link BackendUnavailableException} is rethrown as it is
     * @return the exception to throw
     */
    static RuntimeException unreadable(String collection, String afterId, AgentDBException e) {
        if (e instanceof BackendUnavailableException) {
            return e;
        }
        String row = afterId == null ? "its first row" : "the row after id '" + afterId + "'";
        return new CopyFailedException(collection, true, "collection '" + collection + "': the source cannot read " + row
                + ": " + e.getMessage(), e);
    }

    /**
     * Reading both sides of a sync failed.
     *
     * @param collection the collection
     * @param afterId the last source id compared, or null at the start
     * @param e what was thrown; {@link BackendUnavailableException} is rethrown as it is
     * @return the exception to throw
     */
    static RuntimeException reading(String collection, String afterId, AgentDBException e) {
        if (e instanceof BackendUnavailableException) {
            return e;
        }
        return new CopyFailedException(collection, false, "collection '" + collection + "': reading the rows "
                + (afterId == null ? "from the start" : "after id '" + afterId + "'") + " of both sides failed: " + e.getMessage(), e);
    }

    /**
     * Writing a batch to the target failed.
     *
     * @param collection the collection
     * @param source the source rows of the batch, in order
     * @param written the rows as written to the target (other ids with {@code --no-preserve-ids}), same order
     * @param e what the target threw; {@link BackendUnavailableException} is rethrown as it is
     * @return the exception to throw
     */
    static RuntimeException writing(String collection, List<VectorRecord> source, List<VectorRecord> written, AgentDBException e) {
        if (e instanceof BackendUnavailableException) {
            return e;
        }
        if (e instanceof InvalidInputException invalid) {
            OptionalInt i = invalid.recordIndex();
            int at = i.isPresent() ? i.getAsInt() : written.size() == 1 ? 0 : -1;
            if (at >= 0 && at < source.size()) {
                String id = source.get(at).id();
                String target = written.get(at).id().equals(id) ? "" : " (written as '" + written.get(at).id() + "')";
                return new CopyFailedException(collection, true, "collection '" + collection + "': the target refuses source row '"
                        + id + "'" + target + ": " + invalid.recordField() + e.getMessage().substring(invalid.field().length()), e);
            }
        }
        String ids = source.isEmpty() ? "" : " of the batch of ids '" + source.get(0).id() + "' to '"
                + source.get(source.size() - 1).id() + "'";
        return new CopyFailedException(collection, e instanceof InvalidInputException,
                "collection '" + collection + "': writing" + ids + " failed: " + e.getMessage(), e);
    }
}
