package dev.agentdb.cli.migrate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.cli.Databases;
import dev.agentdb.internal.Json;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The progress of one collection's migration, stored in the target's engine key-value store under
 * {@link #key(String)} and written in the same transaction as the batch it describes, so that the
 * rows on the target and the checkpoint never disagree.
 *
 * <p>Stored as a small JSON object: {@code {"format":1,"source":FINGERPRINT,"lastId":ID,"rows":N,
 * "complete":BOOL,"updatedAt":MS,"preserveIds":BOOL}}. A reader refuses other format versions and reads a
 * checkpoint without {@code preserveIds} (written before {@code --no-preserve-ids} existed) as {@code true}.
 *
 * @param source fingerprint of the source URL (see {@link #fingerprint(String)})
 * @param lastId the last source id committed on the target (ids are copied in code-point order), or null before the first batch
 * @param rows the number of rows copied so far
 * @param complete whether every row was copied
 * @param updatedAt when the checkpoint was written, in ms since the epoch
 * @param preserveIds whether the rows kept their source ids (otherwise they got {@link DerivedIds#of}); the
 *                    last id is always the SOURCE id, since the source is scanned in its id order
 */
public record Checkpoint(String source, String lastId, long rows, boolean complete, long updatedAt, boolean preserveIds) {
    /** The format version this class writes and reads. */
    public static final int FORMAT = 1;
    /** Prefix of the checkpoint keys in the target's key-value store. */
    public static final String KEY_PREFIX = "migrate/";

    /**
     * A checkpoint of a migration that preserves ids.
     *
     * @param source fingerprint of the source URL
     * @param lastId the last source id committed, or null
     * @param rows the number of rows copied so far
     * @param complete whether every row was copied
     * @param updatedAt when the checkpoint was written, in ms since the epoch
     */
    public Checkpoint(String source, String lastId, long rows, boolean complete, long updatedAt) {
        this(source, lastId, rows, complete, updatedAt, true);
    }

    /**
     * @param collection a collection name
     * @return the key of its checkpoint, {@code migrate/<collection>}
     */
    public static String key(String collection) {
        return KEY_PREFIX + collection;
    }

    /**
     * The identity of a source database in a checkpoint: the first 16 hex digits of the SHA-256 of its
     * URL with the password redacted (for SQLite files: of the absolute, normalised path), so that a
     * checkpoint never holds a secret and a resume from another source is detected.
     *
     * @param url the source URL
     * @return the fingerprint
     */
    public static String fingerprint(String url) {
        Optional<Path> file = Databases.sqliteFile(url);
        String identity = file.map(p -> "sqlite:" + p.toAbsolutePath().normalize()).orElse(AgentDBConfig.redact(url));
        return sha256Hex(identity).substring(0, 16);
    }

    /**
     * @param newLastId the last id of the committed batch
     * @param newRows rows copied in total
     * @return a new incomplete checkpoint at that position, stamped now
     */
    public Checkpoint advance(String newLastId, long newRows) {
        return new Checkpoint(source, newLastId, newRows, false, System.currentTimeMillis(), preserveIds);
    }

    /** @return this checkpoint marked complete, stamped now */
    public Checkpoint completed() {
        return new Checkpoint(source, lastId, rows, true, System.currentTimeMillis(), preserveIds);
    }

    /** @return the stored JSON form */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("source", source);
        m.put("lastId", lastId);
        m.put("rows", rows);
        m.put("complete", complete);
        m.put("updatedAt", updatedAt);
        m.put("preserveIds", preserveIds);
        try {
            return Json.mapper().writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param json the stored JSON form
     * @return the checkpoint
     * @throws IllegalArgumentException when the text is not a checkpoint of format {@value #FORMAT}
     */
    public static Checkpoint parse(String json) {
        try {
            JsonNode n = Json.mapper().readTree(json);
            if (n == null || !n.isObject() || n.path("format").asInt(-1) != FORMAT) {
                throw new IllegalArgumentException("not a migration checkpoint of format " + FORMAT + ": " + json);
            }
            JsonNode last = n.get("lastId");
            return new Checkpoint(n.path("source").asText(), last == null || last.isNull() ? null : last.asText(),
                    n.path("rows").asLong(), n.path("complete").asBoolean(), n.path("updatedAt").asLong(),
                    n.path("preserveIds").asBoolean(true));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a migration checkpoint: " + json, e);
        }
    }

    static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
