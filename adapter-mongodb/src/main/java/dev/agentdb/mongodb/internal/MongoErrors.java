package dev.agentdb.mongodb.internal;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import dev.agentdb.AgentDBException;
import dev.agentdb.BackendUnavailableException;
import dev.agentdb.ConflictException;

import java.util.function.Supplier;

/**
 * Turns driver exceptions into AgentDB's typed ones, with the URL's password masked: an unreachable
 * or timed-out server, or refused credentials, is a {@link BackendUnavailableException}; a duplicate
 * key a {@link ConflictException}; anything else an {@link AgentDBException} naming the operation.
 * Not API.
 */
public final class MongoErrors {
    /** MongoDB's duplicate key error code. */
    public static final int DUPLICATE_KEY = 11000;

    private final MongoUrl url;

    /**
     * @param url the adapter's URL, for messages
     */
    public MongoErrors(MongoUrl url) {
        this.url = url;
    }

    /**
     * Runs driver work, translating its exceptions.
     *
     * @param what the operation, for messages, e.g. {@code "insert into 'docs'"}
     * @param work the work
     * @param <T> its result
     * @return what the work returned
     */
    public <T> T run(String what, Supplier<T> work) {
        try {
            return work.get();
        } catch (MongoException e) {
            throw translate(e, what);
        }
    }

    /**
     * @param e a driver exception
     * @param what the operation, for messages
     * @return the typed exception to throw
     */
    public RuntimeException translate(MongoException e, String what) {
        String message = url.redact(String.valueOf(e.getMessage()));
        if (e instanceof MongoSocketException || e instanceof MongoTimeoutException || e instanceof MongoSecurityException) {
            return new BackendUnavailableException("MongoDB at " + url.redacted() + " is unavailable (" + what + "): " + message, e);
        }
        if (isDuplicateKey(e)) {
            return new ConflictException(what + ": " + message);
        }
        if (e instanceof MongoCommandException c) {
            return new AgentDBException(what + " failed on MongoDB at " + url.redacted() + ": " + url.redact(c.getErrorMessage()), e);
        }
        return new AgentDBException(what + " failed on MongoDB at " + url.redacted() + ": " + message, e);
    }

    /**
     * @param e a driver exception
     * @return whether it is (or holds only) a duplicate key error
     */
    public static boolean isDuplicateKey(MongoException e) {
        if (e instanceof MongoWriteException w) {
            return w.getError().getCode() == DUPLICATE_KEY;
        }
        if (e instanceof MongoBulkWriteException b) {
            return !b.getWriteErrors().isEmpty() && b.getWriteErrors().stream().allMatch(err -> err.getCode() == DUPLICATE_KEY);
        }
        return e.getCode() == DUPLICATE_KEY;
    }
}
