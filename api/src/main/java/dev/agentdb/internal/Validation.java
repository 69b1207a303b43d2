package dev.agentdb.internal;

import dev.agentdb.InvalidInputException;
import dev.agentdb.Limits;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Input checks shared by the facade and every adapter; each failure names the field and the limit. Not API. */
public final class Validation {
    private Validation() {
    }

    /**
     * @param name a collection name
     * @return the name
     * @throws InvalidInputException naming {@code collection} unless it matches {@link Limits#COLLECTION_NAME}
     *         and avoids {@link Limits#RESERVED_COLLECTION_PREFIXES}
     */
    public static String collectionName(String name) {
        if (name == null || !Limits.COLLECTION_NAME.matcher(name).matches()) {
            throw new InvalidInputException("collection", "'" + abbreviate(name)
                    + "' is not a valid collection name: expected a letter or '_' followed by up to 62 letters, digits or '_'");
        }
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        for (String prefix : Limits.RESERVED_COLLECTION_PREFIXES) {
            if (lower.startsWith(prefix)) {
                throw new InvalidInputException("collection", "'" + name + "' starts with the reserved prefix '" + prefix
                        + "' (reserved: " + String.join(", ", Limits.RESERVED_COLLECTION_PREFIXES) + ")");
            }
        }
        return name;
    }

    /**
     * Checks that a vector is non-empty, within {@link Limits#MAX_DIMENSION} and finite.
     *
     * @param field the field to name in errors, e.g. {@code "embedding"}
     * @param v the vector
     * @throws InvalidInputException naming the field (and the component index for NaN/Infinity)
     */
    public static void vector(String field, float[] v) {
        if (v == null) {
            throw new InvalidInputException(field, "must not be null");
        }
        if (v.length == 0) {
            throw new InvalidInputException(field, "must not be empty");
        }
        if (v.length > Limits.MAX_DIMENSION) {
            throw new InvalidInputException(field, "dimension " + v.length + " exceeds the limit " + Limits.MAX_DIMENSION);
        }
        for (int i = 0; i < v.length; i++) {
            float x = v[i];
            if (!(Math.abs(x) <= Float.MAX_VALUE)) { // NaN or infinite, in one comparison (this runs for every search)
                throw new InvalidInputException(field + "[" + i + "]", "must be finite, was " + x);
            }
        }
    }

    /**
     * @param field the field to name in errors
     * @param id a record id
     * @throws InvalidInputException when the id is null, empty, longer than {@link Limits#MAX_ID_LENGTH}
     *         or outside {@link Limits#STRING_DOMAIN} (NUL, an unpaired surrogate)
     */
    public static void id(String field, String id) {
        if (id == null || id.isEmpty()) {
            throw new InvalidInputException(field, "must not be empty");
        }
        if (id.length() > Limits.MAX_ID_LENGTH) {
            throw new InvalidInputException(field, "length " + id.length() + " exceeds the limit " + Limits.MAX_ID_LENGTH);
        }
        string(field, id);
    }

    /**
     * Checks that a string is in {@link Limits#STRING_DOMAIN}: well-formed UTF-16 (every surrogate in
     * a pair) without NUL, which is what every backend stores unchanged.
     *
     * @param field the field to name in errors
     * @param s a string to store or compare with stored ones; not null
     * @throws InvalidInputException naming the field, the character and its index otherwise
     */
    public static void string(String field, String s) {
        String problem = stringProblem(s);
        if (problem != null) {
            throw new InvalidInputException(field, problem);
        }
    }

    /**
     * @param s a string, not null
     * @return what puts it outside {@link Limits#STRING_DOMAIN}, or null when it is inside
     */
    static String stringProblem(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                return "must not contain the NUL character (U+0000), found at index " + i
                        + "; strings must be " + Limits.STRING_DOMAIN;
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return String.format("holds an unpaired surrogate \\u%04X at index %d, which no backend can store"
                        + " (it is not well-formed Unicode); strings must be %s", (int) c, i, Limits.STRING_DOMAIN);
            }
        }
        return null;
    }

    /**
     * Checks metadata (see {@link Json#write(String, Map)}) and its size, and returns its JSON.
     *
     * @param field the field to name in errors, e.g. {@code "records[3].metadata"}
     * @param metadata a JSON object as a map; null is an empty object
     * @return its JSON text
     * @throws InvalidInputException naming the field (and the path inside it) when the metadata is
     *         outside the value domain, deeper than {@link Limits#MAX_METADATA_DEPTH}, contains itself,
     *         or exceeds {@link Limits#MAX_METADATA_BYTES}
     */
    public static String metadata(String field, Map<String, Object> metadata) {
        String json = Json.write(field, metadata);
        metadataSize(field, json);
        return json;
    }

    /**
     * @param field the field to name in errors
     * @param json the metadata serialised as JSON
     * @throws InvalidInputException when it exceeds {@link Limits#MAX_METADATA_BYTES}
     */
    public static void metadataSize(String field, String json) {
        int bytes = Json.utf8Length(json);
        if (bytes > Limits.MAX_METADATA_BYTES) {
            throw new InvalidInputException(field, bytes + " bytes of JSON exceeds the limit " + Limits.MAX_METADATA_BYTES + " bytes");
        }
    }

    /**
     * @param field the field to name in errors
     * @param text optional text; null is fine
     * @throws InvalidInputException when it exceeds {@link Limits#MAX_TEXT_BYTES} or is outside
     *         {@link Limits#STRING_DOMAIN}
     */
    public static void text(String field, String text) {
        if (text == null) {
            return;
        }
        if (text.length() > Limits.MAX_TEXT_BYTES / 4 && text.getBytes(StandardCharsets.UTF_8).length > Limits.MAX_TEXT_BYTES) {
            throw new InvalidInputException(field, "exceeds the limit " + Limits.MAX_TEXT_BYTES + " bytes of UTF-8");
        }
        string(field, text);
    }

    /**
     * @param s a user-supplied string
     * @return the string cut to 80 characters for error messages
     */
    public static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
