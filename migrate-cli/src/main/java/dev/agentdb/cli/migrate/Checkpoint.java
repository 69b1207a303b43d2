package dev.agentdb.cli.migrate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.IndexParams;
import dev.agentdb.cli.Databases;
import dev.agentdb.internal.Json;
import dev.agentdb.spi.DatabaseAdapter;
import dev.agentdb.spi.StateStore;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The progress of one collection's migration, stored in the target's own checkpoint table
 * ({@link StateStore#MIGRATION_CHECKPOINTS}, key = the collection name) and written in the same
 * transaction as the batch it describes, so that the rows on the target and the checkpoint never
 * disagree. Checkpoints of earlier versions, stored in the engine store under {@code migrate/<collection>},
 * are still read ({@link #read}).
 *
 * <p>Stored as a small JSON object: {@code {"format":1,"source":FINGERPRINT,"lastId":ID,"rows":N,
 * "complete":BOOL,"updatedAt":MS,"preserveIds":BOOL,"deferredIndex":null|{"type":"HNSW","m":16,...}}}.
 * A reader refuses other format versions, reads a checkpoint without {@code preserveIds} (written before
 * {@code --no-preserve-ids} existed) as {@code true} and one without {@code deferredIndex} as null.
 *
 * @param source fingerprint of the source URL (see {@link #fingerprint(String)})
 * @param lastId the last source id committed on the target (ids are copied in code-point order), or null before the first batch
 * @param rows the number of rows copied so far
 * @param complete whether every row was copied
 * @param updatedAt when the checkpoint was written, in ms since the epoch
 * @param preserveIds whether the rows kept their source ids (otherwise they got {@link DerivedIds#of}); the
 *                    last id is always the SOURCE id, since the source is scanned in its id order
 * @param deferredIndex the index the target collection gets once every row is copied (it is created FLAT and
 *                      indexed once at the end, far faster than indexing row by row), or null when the collection
 *                      was created with its final index
 */
public record Checkpoint(String source, String lastId, long rows, boolean complete, long updatedAt, boolean preserveIds,
                         IndexParams deferredIndex) {
    /** The format version this class writes and reads. */
    public static final int FORMAT = 1;
    /** Prefix of the checkpoint keys that earlier versions wrote to the target's engine store. */
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
        this(source, lastId, rows, complete, updatedAt, true, null);
    }

    /**
     * A checkpoint of a collection created with its final index.
     *
     * @param source fingerprint of the source URL
     * @param lastId the last source id committed, or null
     * @param rows the number of rows copied so far
     * @param complete whether every row was copied
     * @param updatedAt when the checkpoint was written, in ms since the epoch
     * @param preserveIds whether the rows kept their source ids
     */
    public Checkpoint(String source, String lastId, long rows, boolean complete, long updatedAt, boolean preserveIds) {
        this(source, lastId, rows, complete, updatedAt, preserveIds, null);
    }

    /**
     * Reads a collection's checkpoint from the target: its checkpoint table, else (a migration started by an
     * earlier version) the engine store's {@code migrate/<collection>} key.
     *
     * @param target the target adapter
     * @param collection the collection
     * @return the checkpoint, or empty when the collection has none
     * @throws IllegalArgumentException when the stored value is not a checkpoint of this format
     */
    public static Optional<Checkpoint> read(DatabaseAdapter target, String collection) {
        Optional<String> json = target.readState(StateStore.MIGRATION_CHECKPOINTS, collection);
        if (json.isEmpty()) {
            json = target.readState(StateStore.ENGINE, key(collection));
        }
        return json.map(Checkpoint::parse);
    }

    /**
     * Stores this checkpoint for a collection in the target's checkpoint table, joining the calling thread's
     * transaction.
     *
     * @param target the target adapter
     * @param collection the collection
     */
    public void write(DatabaseAdapter target, String collection) {
        target.writeState(StateStore.MIGRATION_CHECKPOINTS, collection, toJson());
        if (complete) {
            target.deleteState(StateStore.ENGINE, key(collection)); // an earlier version's checkpoint, now superseded
        }
    }

    /**
     * Removes a collection's checkpoint (also an earlier version's) from the target.
     *
     * @param target the target adapter
     * @param collection the collection
     */
    public static void delete(DatabaseAdapter target, String collection) {
        target.deleteState(StateStore.MIGRATION_CHECKPOINTS, collection);
        target.deleteState(StateStore.ENGINE, key(collection));
    }

    /**
     * @param collection a collection name
     * @return the engine-store key of its checkpoint in earlier versions, {@code migrate/<collection>}
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
        return new Checkpoint(source, newLastId, newRows, false, System.currentTimeMillis(), preserveIds, deferredIndex);
    }

    /** @return this checkpoint marked complete (any deferred index is built), stamped now */
    public Checkpoint completed() {
        return new Checkpoint(source, lastId, rows, true, System.currentTimeMillis(), preserveIds, null);
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
        if (deferredIndex != null) {
            m.put("deferredIndex", deferredIndex); // Jackson writes the record's components
        }
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
            JsonNode index = n.get("deferredIndex");
            IndexParams deferred = index == null || index.isNull() ? null : Json.mapper().treeToValue(index, IndexParams.class);
            return new Checkpoint(n.path("source").asText(), last == null || last.isNull() ? null : last.asText(),
                    n.path("rows").asLong(), n.path("complete").asBoolean(), n.path("updatedAt").asLong(),
                    n.path("preserveIds").asBoolean(true), deferred);
        } catch (JsonProcessingException e) { // also an invalid index: IndexParams' refusal, wrapped by Jackson
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
