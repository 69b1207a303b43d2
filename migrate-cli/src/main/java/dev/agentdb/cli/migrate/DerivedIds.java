package dev.agentdb.cli.migrate;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The new ids of {@code --no-preserve-ids}: a name-based (version 3) UUID of the source fingerprint,
 * the collection and the source id, so that the same source row always gets the same target id (a
 * resumed run rewrites nothing twice) and rows of different sources or collections whose ids collide
 * get different ids.
 *
 * <p>The name is the three strings, each as a 4-byte big-endian length followed by its UTF-8 bytes,
 * after the tag {@value #TAG}: no two different triples encode alike.
 */
public final class DerivedIds {
    /** Leads the encoded name; a new derivation would get a new tag. */
    public static final String TAG = "agentdb-migrate-id/1";

    private DerivedIds() {
    }

    /**
     * @param sourceFingerprint the source's {@link Checkpoint#fingerprint(String)}
     * @param collection the collection
     * @param sourceId the row's id in the source
     * @return the row's id on the target, e.g. {@code 3f2c...-...} (36 characters)
     */
    public static String of(String sourceFingerprint, String collection, String sourceId) {
        ByteArrayOutputStream name = new ByteArrayOutputStream(64 + sourceId.length());
        for (String part : new String[] {TAG, sourceFingerprint, collection, sourceId}) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            name.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
            name.writeBytes(bytes);
        }
        return UUID.nameUUIDFromBytes(name.toByteArray()).toString();
    }
}
