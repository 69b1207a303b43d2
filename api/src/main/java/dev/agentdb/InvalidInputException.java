package dev.agentdb;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An argument was refused before anything was written: a NaN component, an empty vector,
 * {@code k} out of range, oversized metadata, a malformed filter, an illegal identifier.
 * Nothing stored changes when this is thrown.
 */
public class InvalidInputException extends AgentDBException {
    private static final long serialVersionUID = 1L;

    /** The name of the offending argument or field, e.g. {@code "embedding[3]"}; never null. */
    private final String field;

    /** {@code records[i].}, the prefix of the fields of a record in a batch. */
    private static final Pattern RECORD = Pattern.compile("records\\[(\\d+)]\\.?");

    /**
     * @param field the name of the offending argument or field, e.g. {@code "embedding[3]"}; never null
     * @param problem what is wrong and the limit that applies; never null
     */
    public InvalidInputException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    /**
     * @param field the name of the offending argument or field
     * @param problem what is wrong and the limit that applies
     * @param cause the parser error behind it; may be null
     */
    public InvalidInputException(String field, String problem, Throwable cause) {
        super(field + ": " + problem, cause);
        this.field = field;
    }

    /** @return the offending field or argument name, never null */
    public String field() {
        return field;
    }

    /**
     * Which record of a batch the error is about: {@code insertBatch} and {@code upsertBatch} of
     * more than one record name fields {@code records[i]...}.
     *
     * @return {@code i} when the field starts with {@code records[i]}, else empty (a single record,
     *         or an error about no record)
     */
    public OptionalInt recordIndex() {
        Matcher m = RECORD.matcher(field);
        return m.lookingAt() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    /**
     * @return the field inside its record, e.g. {@code metadata.k} for {@code records[3].metadata.k};
     *         the whole field when it names no record of a batch
     */
    public String recordField() {
        Matcher m = RECORD.matcher(field);
        return m.lookingAt() ? field.substring(m.end()) : field;
    }
}
