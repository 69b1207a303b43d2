package dev.agentdb;

import java.util.Locale;

/**
 * How two embeddings are compared. Every search result carries both a {@code distance} (lower is
 * closer) and a {@code score} (higher is closer), defined here once so that every backend returns
 * the same numbers for the same data.
 *
 * <table>
 *   <caption>Definitions for vectors a, b of equal dimension</caption>
 *   <tr><th>metric</th><th>distance</th><th>score</th></tr>
 *   <tr><td>{@link #COSINE}</td><td>{@code 1 - cos(a,b)}, in [0, 2]</td><td>{@code cos(a,b)}, in [-1, 1]</td></tr>
 *   <tr><td>{@link #L2}</td><td>Euclidean distance {@code ||a-b||}, in [0, inf)</td><td>{@code 1 / (1 + ||a-b||)}, in (0, 1]</td></tr>
 *   <tr><td>{@link #INNER_PRODUCT}</td><td>{@code -(a . b)}</td><td>{@code a . b}</td></tr>
 * </table>
 *
 * <p>The cosine of a zero vector is defined as 0 (distance 1), never NaN; the cosine distance is
 * clamped to [0, 2].
 *
 * <h2>Precision: one rule</h2>
 * {@link #distance(float[], float[])} is the reference: products and sums accumulated in
 * {@code double}, the result rounded to {@code float} (the precision embeddings are stored in on
 * every backend). The PostgreSQL adapter reports its distances with it and the compatibility kit
 * checks every backend against it. The in-house HNSW index and its exact scans compute the same
 * definitions in {@code float} arithmetic with SIMD kernels (summation order differs), which agree
 * with the reference to about 1e-6 relative; the kit allows 1e-5.
 */
public enum Metric {
    /** Cosine similarity; the default. Wire name {@code cosine}. */
    COSINE("cosine"),
    /** Euclidean (L2) distance. Wire name {@code l2}; {@code euclidean} is accepted on input. */
    L2("l2"),
    /** Inner (dot) product. Wire name {@code inner_product}; {@code ip} and {@code dot} are accepted on input. */
    INNER_PRODUCT("inner_product");

    private final String wireName;

    Metric(String wireName) {
        this.wireName = wireName;
    }

    /** @return the lower-case name used in URLs, JSON, SQL metadata and the CLI, e.g. {@code "inner_product"} */
    public String wireName() {
        return wireName;
    }

    /**
     * The reference distance between two vectors (see the class comment for the precision rule).
     *
     * @param a {@code float[n]}; not null
     * @param b {@code float[n]}; not null
     * @return cosine: {@code 1 - cos(a,b)} clamped to [0, 2] (1 when either vector is zero); l2: the
     *         Euclidean distance; inner product: {@code -(a . b)}; rounded to float
     * @throws InvalidInputException naming {@code b} when the lengths differ, or the null argument
     */
    public double distance(float[] a, float[] b) {
        if (a == null || b == null) {
            throw new InvalidInputException(a == null ? "a" : "b", "must not be null");
        }
        if (a.length != b.length) {
            throw new InvalidInputException("b", "length " + b.length + " differs from the length of a, " + a.length);
        }
        double dot = 0;
        double aa = 0;
        double bb = 0;
        double l2 = 0;
        for (int i = 0; i < a.length; i++) {
            double x = a[i];
            double y = b[i];
            dot += x * y;
            aa += x * x;
            bb += y * y;
            l2 += (x - y) * (x - y);
        }
        switch (this) {
            case L2:
                return (float) Math.sqrt(l2);
            case INNER_PRODUCT:
                return (float) -dot;
            case COSINE:
                return aa == 0 || bb == 0 ? 1.0 : (float) Math.min(2.0, Math.max(0.0, 1.0 - dot / (Math.sqrt(aa) * Math.sqrt(bb))));
            default:
                throw new AssertionError(this);
        }
    }

    /**
     * Converts a distance as defined in this class to the corresponding score.
     *
     * @param distance a distance for this metric
     * @return the score (higher is better)
     */
    public double scoreOf(double distance) {
        switch (this) {
            case COSINE: return 1.0 - distance;
            case L2: return 1.0 / (1.0 + distance);
            case INNER_PRODUCT: return -distance;
            default: throw new AssertionError(this);
        }
    }

    /**
     * Converts a score as defined in this class to the corresponding distance.
     *
     * @param score a score for this metric; for {@link #L2} in (0, 1]
     * @return the distance (lower is better)
     */
    public double distanceOf(double score) {
        switch (this) {
            case COSINE: return 1.0 - score;
            case L2: return 1.0 / score - 1.0;
            case INNER_PRODUCT: return -score;
            default: throw new AssertionError(this);
        }
    }

    /**
     * Parses a metric name, case-insensitively: {@code cosine}, {@code l2} / {@code euclidean},
     * {@code inner_product} / {@code ip} / {@code dot}.
     *
     * @param name the name; must not be null
     * @return the metric
     * @throws InvalidInputException naming {@code metric} and the accepted names when unknown
     */
    public static Metric fromString(String name) {
        if (name != null) {
            switch (name.trim().toLowerCase(Locale.ROOT).replace('-', '_')) {
                case "cosine": return COSINE;
                case "l2": case "euclidean": return L2;
                case "inner_product": case "ip": case "dot": case "dot_product": return INNER_PRODUCT;
                default: break;
            }
        }
        throw new InvalidInputException("metric", "unknown metric '" + name + "'; expected one of cosine, l2, inner_product");
    }

    @Override
    public String toString() {
        return wireName;
    }
}
