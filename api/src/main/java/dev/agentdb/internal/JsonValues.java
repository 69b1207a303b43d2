package dev.agentdb.internal;

import dev.agentdb.InvalidInputException;
import dev.agentdb.Limits;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that metadata is a JSON value every backend stores and reads back: maps with string keys,
 * lists, strings in {@link Limits#STRING_DOMAIN}, finite numbers, booleans and nulls, at most
 * {@link Limits#MAX_METADATA_DEPTH} deep, and no map or list that contains itself.
 *
 * <p>The walk is iterative, with an explicit stack bounded by the depth limit, so metadata nested
 * 100,000 deep or containing itself gets an {@link InvalidInputException} naming where, never a
 * {@code StackOverflowError}; and it runs before anything (Jackson included) recurses into the value.
 * Not API.
 */
final class JsonValues {
    private JsonValues() {
    }

    /** One open map or list on the path from the root, and the label of the child being visited. */
    private static final class Frame {
        final Object container;
        final Iterator<?> children;
        int index = -1;
        String label = "";

        Frame(Object container) {
            this.container = container;
            this.children = container instanceof Map<?, ?> m ? m.entrySet().iterator() : ((List<?>) container).iterator();
        }
    }

    /**
     * @param field the name of the metadata in errors, e.g. {@code "records[2].metadata"}
     * @param metadata the metadata object; not null
     * @throws InvalidInputException naming the path of the first value outside the domain, e.g.
     *         {@code metadata.a.b[3]}
     */
    static void check(String field, Map<?, ?> metadata) {
        Deque<Frame> path = new ArrayDeque<>();
        Set<Object> open = Collections.newSetFromMap(new IdentityHashMap<>());
        path.push(new Frame(metadata));
        open.add(metadata);
        while (!path.isEmpty()) {
            Frame top = path.peek();
            if (!top.children.hasNext()) {
                open.remove(path.pop().container);
                continue;
            }
            Object value = next(field, top, path);
            if (value instanceof Map || value instanceof List) {
                if (open.contains(value)) {
                    throw new InvalidInputException(where(field, path), "contains itself (a map or list that holds itself"
                            + " cannot be written as JSON)");
                }
                if (path.size() >= Limits.MAX_METADATA_DEPTH) {
                    throw new InvalidInputException(where(field, path), "metadata is nested deeper than the limit of "
                            + Limits.MAX_METADATA_DEPTH + " levels (Limits.MAX_METADATA_DEPTH; the metadata object is level 1)");
                }
                path.push(new Frame(value));
                open.add(value);
            } else {
                scalar(value, field, path);
            }
        }
    }

    /** Advances the frame to its next child, checking a map key, and returns the child. */
    private static Object next(String field, Frame top, Deque<Frame> path) {
        Object child = top.children.next();
        top.index++;
        if (!(child instanceof Map.Entry<?, ?> e)) {
            top.label = "[" + top.index + "]";
            return child;
        }
        if (!(e.getKey() instanceof String key)) {
            top.label = "";
            throw new InvalidInputException(where(field, path), "object keys must be strings, got "
                    + (e.getKey() == null ? "null" : e.getKey().getClass().getName() + " " + e.getKey()));
        }
        String problem = Validation.stringProblem(key);
        top.label = "." + (problem == null ? key : "<key " + (top.index + 1) + ">");
        if (problem != null) {
            throw new InvalidInputException(where(field, path), "the key " + problem);
        }
        return e.getValue();
    }

    private static void scalar(Object v, String field, Deque<Frame> path) {
        if (v == null || v instanceof Boolean) {
            return;
        }
        if (v instanceof String s) {
            String problem = Validation.stringProblem(s);
            if (problem != null) {
                throw new InvalidInputException(where(field, path), problem);
            }
            return;
        }
        if (v instanceof Number n) {
            if ((v instanceof Double || v instanceof Float) && !Double.isFinite(n.doubleValue())) {
                throw new InvalidInputException(where(field, path), "must be a finite number, was " + v);
            }
            return;
        }
        throw new InvalidInputException(where(field, path), "must be a JSON value (string, number, boolean, null, list or map),"
                + " got " + v.getClass().getName());
    }

    /** @return the field and the labels of the path, root first, cut to a readable length */
    private static String where(String field, Deque<Frame> path) {
        StringBuilder b = new StringBuilder(field);
        Iterator<Frame> rootFirst = path.descendingIterator();
        while (rootFirst.hasNext()) {
            b.append(rootFirst.next().label);
        }
        return b.length() > 160 ? b.substring(0, 80) + "..." + b.substring(b.length() - 60) : b.toString();
    }
}
