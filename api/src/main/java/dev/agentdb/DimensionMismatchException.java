package dev.agentdb;

/**
 * A vector's length differs from its collection's fixed dimension. Nothing stored changes.
 */
public class DimensionMismatchException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    /** The collection's dimension: the embedding length it requires. */
    private final int expected;
    /** The length of the vector that was given. */
    private final int actual;

    /**
     * @param field the offending field, e.g. {@code "embedding"} or {@code "records[7].embedding"}
     * @param collection the collection name
     * @param expected the collection's dimension
     * @param actual the length of the vector given
     */
    public DimensionMismatchException(String field, String collection, int expected, int actual) {
        super(field, "dimension " + actual + " does not match collection '" + collection + "' dimension " + expected);
        this.expected = expected;
        this.actual = actual;
    }

    /** @return the collection's dimension */
    public int expected() {
        return expected;
    }

    /** @return the dimension that was given */
    public int actual() {
        return actual;
    }
}
