package dev.agentdb.orm.query;

/**
 * The operators of {@code where(path, op, value)}: every operator of {@link dev.agentdb.filter.Filter},
 * with its semantics (MongoDB's: arrays match by element, a missing value matches {@code NE} and
 * {@code NIN}, never an ordering operator).
 */
public enum Op {
    /** Equal; a null value matches a missing or null property. */
    EQ,
    /** Not equal (the negation of {@link #EQ}). */
    NE,
    /** Greater than: numbers numerically, strings by code point. */
    GT,
    /** Greater than or equal. */
    GTE,
    /** Less than. */
    LT,
    /** Less than or equal. */
    LTE,
    /** Equal to one of the values: the value is a {@link java.util.Collection} or an array. */
    IN,
    /** Equal to none of the values (the negation of {@link #IN}). */
    NIN,
    /** The property is present ({@code true}) or missing ({@code false}): the value is a Boolean. */
    EXISTS
}
