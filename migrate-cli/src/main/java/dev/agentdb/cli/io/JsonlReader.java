package dev.agentdb.cli.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agentdb.Limits;
import dev.agentdb.VectorRecord;
import dev.agentdb.internal.Json;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Reads JSON Lines: one JSON object per line,
 * {@code {"id": "a", "vector": [0.1, 0.2], "metadata": {"k": "v"}, "text": "...", "timestamp": 1700000000000}}.
 * Only {@code vector} is required ({@code embedding} is accepted as its v1 name); a missing id is
 * generated on insert. Blank lines are skipped; every vector must have the first one's dimension,
 * at most {@link Limits#MAX_DIMENSION}; a line holds at most {@link #MAX_LINE_CHARS} characters.
 * UTF-8, raw or gzip'd. Every malformed line is reported as a {@link DatasetFormatException} naming
 * the file and the line.
 */
public final class JsonlReader implements RecordReader {
    /**
     * The longest line read, in characters: 8 Mi, above the largest record AgentDB stores (1 MiB of
     * text escaped as six-character {@code \\uXXXX} sequences, 64 KiB of metadata, 16,000 components), so that a
     * line holding, say, a 30 MB string is refused before it is parsed.
     */
    public static final int MAX_LINE_CHARS = 8 * 1024 * 1024;
    private static final Set<String> FIELDS = Set.of("id", "vector", "embedding", "metadata", "text", "timestamp");

    private final Path file;
    private final LineReader in;
    private int dimension;
    private long line;
    private long recordLine;

    /**
     * @param file the {@code .jsonl} file
     * @param options unused by this format (ids come from the file)
     * @throws IOException when the file cannot be opened
     */
    public JsonlReader(Path file, ReaderOptions options) throws IOException {
        this.file = file;
        this.in = new LineReader(new InputStreamReader(Inputs.open(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), MAX_LINE_CHARS);
    }

    @Override
    public VectorRecord next() throws IOException {
        String text;
        do {
            try {
                text = in.readLine();
            } catch (CharacterCodingException e) {
                throw error(line + 1, "not valid UTF-8");
            } catch (LineReader.LineTooLongException e) {
                throw error(line + 1, e.getMessage() + " (JsonlReader.MAX_LINE_CHARS, above the largest record AgentDB stores)");
            } catch (java.util.zip.ZipException e) {
                throw new DatasetFormatException(file, "line " + (line + 1), "corrupt gzip data: " + e.getMessage(), e);
            }
            if (text == null) {
                return null;
            }
            line++;
        } while (text.isBlank());
        recordLine = line;
        JsonNode node;
        try {
            node = Json.readTree(text);
        } catch (JsonProcessingException e) {
            // a parser limit (nesting, string or number length) has no location
            String at = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
            throw new DatasetFormatException(file, "line " + line, "malformed JSON" + at + ": " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw error(line, "expected a JSON object such as {\"id\": \"a\", \"vector\": [0.1, 0.2]}");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw error(line, "unknown field '" + name + "'; expected id, vector, metadata, text, timestamp");
            }
        }
        return new VectorRecord(id(node.get("id")), vector(node), metadata(node.get("metadata")), text(node.get("text")),
                timestamp(node.get("timestamp")));
    }

    private String id(JsonNode id) throws DatasetFormatException {
        if (id == null || id.isNull()) {
            return null;
        }
        if (id.isTextual()) {
            return id.textValue();
        }
        if (id.isIntegralNumber()) {
            return id.asText();
        }
        throw error(line, "\"id\" must be a string or an integer, was " + id.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }

    private float[] vector(JsonNode node) throws DatasetFormatException {
        String field = node.has("vector") ? "vector" : "embedding";
        JsonNode arr = node.get(field);
        if (arr == null || arr.isNull()) {
            throw error(line, "missing \"vector\" (an array of numbers)");
        }
        if (!arr.isArray() || arr.isEmpty()) {
            throw error(line, "\"" + field + "\" must be a non-empty array of numbers");
        }
        if (arr.size() > Limits.MAX_DIMENSION) {
            throw error(line, "\"" + field + "\" has dimension " + arr.size() + ", above the limit " + Limits.MAX_DIMENSION
                    + " (Limits.MAX_DIMENSION)");
        }
        float[] v = new float[arr.size()];
        for (int i = 0; i < v.length; i++) {
            JsonNode c = arr.get(i);
            if (!c.isNumber()) {
                throw error(line, "\"" + field + "\"[" + i + "] is not a number: " + c);
            }
            v[i] = c.floatValue();
            if (!Float.isFinite(v[i])) {
                throw error(line, "\"" + field + "\"[" + i + "] = " + c + " does not fit a finite float32");
            }
        }
        if (dimension == 0) {
            dimension = v.length;
        } else if (v.length != dimension) {
            throw error(line, "\"" + field + "\" has dimension " + v.length + " but earlier lines have " + dimension);
        }
        return v;
    }

    private Map<String, Object> metadata(JsonNode m) throws DatasetFormatException {
        if (m == null || m.isNull()) {
            return null;
        }
        if (!m.isObject()) {
            throw error(line, "\"metadata\" must be a JSON object");
        }
        return Json.toMap(m); // integers beyond long stay exact, as when stored metadata is read
    }

    private String text(JsonNode t) throws DatasetFormatException {
        if (t == null || t.isNull()) {
            return null;
        }
        if (!t.isTextual()) {
            throw error(line, "\"text\" must be a string");
        }
        return t.textValue();
    }

    private Long timestamp(JsonNode t) throws DatasetFormatException {
        if (t == null || t.isNull()) {
            return null;
        }
        if (!t.isIntegralNumber() || !t.canConvertToLong()) {
            throw error(line, "\"timestamp\" must be an integer (milliseconds since the epoch)");
        }
        return t.longValue();
    }

    private DatasetFormatException error(long at, String problem) {
        return new DatasetFormatException(file, "line " + at, problem);
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public long expectedCount() {
        return -1;
    }

    @Override
    public String position() {
        return "line " + recordLine;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
