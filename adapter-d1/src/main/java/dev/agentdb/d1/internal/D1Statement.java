package dev.agentdb.d1.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One SQL statement as D1 receives it: text with {@code ?} placeholders and the values bound to them,
 * already in the form that travels as JSON ({@link D1Params#prepare} made it so and checked D1's limits).
 *
 * @param sql the SQL text; not null
 * @param params the JSON values: {@code String}, {@code Long} (within +-2^53), {@code Double} or null;
 *               copied into an unmodifiable list
 */
public record D1Statement(String sql, List<Object> params) {
    /**
     * Copies the parameters (null elements allowed).
     *
     * @param sql the SQL text; not null
     * @param params the JSON values; not null
     */
    public D1Statement {
        params = Collections.unmodifiableList(new ArrayList<>(params));
    }
}
