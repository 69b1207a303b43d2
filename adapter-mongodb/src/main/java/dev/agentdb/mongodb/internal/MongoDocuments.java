package dev.agentdb.mongodb.internal;

import dev.agentdb.AgentDBException;
import dev.agentdb.VectorRecord;
import dev.agentdb.internal.Json;
import org.bson.BinaryVector;
import org.bson.BsonBinarySubType;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A record as a MongoDB document, and back:
 * {@code {_id: id, embedding: BinData(9, float32 vector), metadata: {...}, text: "...", timestamp: NumberLong(ms)}}
 * ({@code text} absent when the record has none).
 *
 * <h2>Embedding</h2>
 * A BSON binary vector ({@link BinaryVector#floatVector}: subtype 9, dtype {@code 0x27} float32,
 * padding 0, the components little-endian), the form {@code $vectorSearch} reads; bit-exact both
 * ways. A server that does not know subtype 9 (the mongo-java-server stand-in refuses the whole
 * message) gets the same bytes as generic binary (subtype 0); either is read back.
 *
 * <h2>Metadata</h2>
 * A nested document with the JSON types of the values: integers as int32 when they fit, else
 * int64; integers beyond {@code long} as decimal128 (up to 34 digits: decimal128 holds every integer of
 * absolute value below 10^34 exactly; larger integers are refused before anything is written,
 * {@link #checkStorable}, rather than stored as an approximate double); other numbers as double
 * ({@code Float} at its shortest decimal, as JSON writes it); booleans, strings, null, documents and
 * arrays as themselves. Read back as every adapter returns metadata ({@link Json#readObject}):
 * integers as {@code Long} ({@code BigInteger} beyond), other numbers as {@code Double}, maps keep
 * their key order. Keys MongoDB cannot address ({@code ""}, with a {@code .}, starting with
 * {@code $}) are stored escaped, with a leading {@code %} (so a key starting with {@code %} is
 * escaped too); filters and sorts never name such keys (their path segments are
 * {@link dev.agentdb.Limits#PATH_SEGMENT}), so escaping changes no query. Not API.
 */
public final class MongoDocuments {
    /** The document's id field: the record id. */
    public static final String ID = "_id";
    /** The embedding field. */
    public static final String EMBEDDING = "embedding";
    /** The metadata field: a nested document. */
    public static final String METADATA = "metadata";
    /** The optional text field. */
    public static final String TEXT = "text";
    /** The timestamp field, ms since the epoch as int64. */
    public static final String TIMESTAMP = "timestamp";

    private static final byte FLOAT32 = 0x27;
    private static final BigInteger DECIMAL128_MAX = BigInteger.TEN.pow(34);
    /** The most digits an integer in metadata may have: decimal128's exact integers, absolute value below 10^34. */
    public static final int MAX_INTEGER_DIGITS = 34;

    private MongoDocuments() {
    }

    /**
     * @param r a validated record (id and timestamp set)
     * @param vectorSubtype whether the server stores BSON binary vectors (subtype 9)
     * @return its document
     */
    public static Document toDocument(VectorRecord r, boolean vectorSubtype) {
        Document d = new Document(ID, r.id());
        d.append(EMBEDDING, embedding(r.embedding(), vectorSubtype));
        d.append(METADATA, metadata(r.metadata()));
        if (r.text() != null) {
            d.append(TEXT, r.text());
        }
        d.append(TIMESTAMP, r.timestamp());
        return d;
    }

    /**
     * @param v an embedding
     * @param vectorSubtype whether to write BSON's binary vector (subtype 9) or the same bytes as generic binary
     * @return the BSON value
     */
    public static Object embedding(float[] v, boolean vectorSubtype) {
        if (vectorSubtype) {
            return BinaryVector.floatVector(v);
        }
        ByteBuffer b = ByteBuffer.allocate(2 + 4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(FLOAT32).put((byte) 0);
        for (float f : v) {
            b.putFloat(f);
        }
        return new Binary(BsonBinarySubType.BINARY, b.array());
    }

    /**
     * @param value a stored embedding value
     * @return its components, or null when it is not a float32 vector
     */
    public static float[] embeddingOf(Object value) {
        if (value instanceof BinaryVector bv) {
            return bv instanceof org.bson.Float32BinaryVector f ? f.getData() : null;
        }
        if (!(value instanceof Binary bin)) {
            return null;
        }
        byte type = bin.getType();
        byte[] data = bin.getData();
        if ((type != BsonBinarySubType.VECTOR.getValue() && type != BsonBinarySubType.BINARY.getValue()) || data.length < 2
                || data[0] != FLOAT32 || data[1] != 0 || (data.length - 2) % 4 != 0) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(data, 2, data.length - 2).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[(data.length - 2) / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getFloat();
        }
        return out;
    }

    /**
     * @param d a stored document
     * @return the record, embedding included when stored
     */
    public static VectorRecord toRecord(Document d) {
        Object ts = d.get(TIMESTAMP);
        return new VectorRecord(d.getString(ID), embeddingOf(d.get(EMBEDDING)), metadataOf(d.get(METADATA)),
                d.getString(TEXT), ts instanceof Number n ? n.longValue() : null);
    }

    /**
     * @param metadata a validated metadata map, or null
     * @return the metadata document (empty for null)
     */
    public static Document metadata(Map<String, Object> metadata) {
        Document d = new Document();
        if (metadata != null) {
            for (Map.Entry<String, Object> e : metadata.entrySet()) {
                d.append(escapeKey(e.getKey()), toBson(e.getValue()));
            }
        }
        return d;
    }

    private static Object toBson(Object v) {
        if (v instanceof Map<?, ?> m) {
            Document d = new Document();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                d.append(escapeKey((String) e.getKey()), toBson(e.getValue()));
            }
            return d;
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object e : list) {
                out.add(toBson(e));
            }
            return out;
        }
        if (v instanceof Number n) {
            return number(n);
        }
        return v; // String, Boolean, null
    }

    /** A number as its JSON text reads back ({@link Json#readObject}), in the narrowest BSON type that holds it. */
    private static Object number(Number n) {
        if (n instanceof Integer || n instanceof Short || n instanceof Byte) {
            return n.intValue();
        }
        if (n instanceof Long l) {
            return l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? (Object) l.intValue() : l;
        }
        if (n instanceof Double) {
            return n;
        }
        if (n instanceof Float f) {
            return Double.parseDouble(Float.toString(f));
        }
        Object read = Json.readObject("{\"v\":" + (n instanceof BigDecimal bd ? bd.toString() : n.toString()) + "}").get("v");
        if (read instanceof BigInteger big) {
            if (big.abs().compareTo(DECIMAL128_MAX) >= 0) {
                throw new AgentDBException("an integer of " + big.abs().toString().length() + " digits reached the MongoDB document"
                        + " mapping; checkStorable refuses it before writing");
            }
            return new Decimal128(new BigDecimal(big));
        }
        return read instanceof Number r ? number(r) : read;
    }

    /**
     * Refuses metadata that MongoDB cannot store exactly: an integer of more than
     * {@value #MAX_INTEGER_DIGITS} digits (absolute value 10^34 or more), which decimal128, the widest
     * exact BSON number, does not hold. Storing it as a double would read back a different number, and
     * filters ({@code Filter.test}, the BSON query) would compare that other number; so the write is refused
     * before anything is written.
     *
     * @param field the field to name, e.g. {@code metadata} or {@code records[3].metadata}
     * @param metadata validated metadata, or null
     * @throws dev.agentdb.InvalidInputException naming the value's path, e.g. {@code records[3].metadata.stats.big}
     *         ({@code [i]} for array elements), with the limit
     */
    public static void checkStorable(String field, Map<String, Object> metadata) {
        if (metadata != null) {
            checkValue(field, metadata);
        }
    }

    private static void checkValue(String at, Object v) {
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                checkValue(at + "." + e.getKey(), e.getValue());
            }
        } else if (v instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                checkValue(at + "[" + i + "]", list.get(i));
            }
        } else if (v instanceof Number n && !(n instanceof Integer || n instanceof Long || n instanceof Double || n instanceof Float
                || n instanceof Short || n instanceof Byte)) {
            Object read = n instanceof BigInteger ? n : Json.readObject("{\"v\":" + (n instanceof BigDecimal bd ? bd.toString() : n.toString())
                    + "}").get("v");
            if (read instanceof BigInteger big && big.abs().compareTo(DECIMAL128_MAX) >= 0) {
                throw new dev.agentdb.InvalidInputException(at, "an integer of " + big.abs().toString().length() + " digits is beyond what"
                        + " MongoDB stores exactly (decimal128: at most " + MAX_INTEGER_DIGITS + " digits, absolute value below 10^34);"
                        + " store it as a string, or as a double if an approximation will do; nothing was written");
            }
        }
    }

    /**
     * @param value a stored metadata value (a document, or anything else: an empty map)
     * @return the metadata as every adapter reads it back; mutable, key order kept
     */
    public static Map<String, Object> metadataOf(Object value) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(unescapeKey((String) e.getKey()), fromBson(e.getValue()));
            }
        }
        return out;
    }

    private static Object fromBson(Object v) {
        if (v instanceof Map<?, ?>) {
            return metadataOf(v);
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object e : list) {
                out.add(fromBson(e));
            }
            return out;
        }
        if (v instanceof Integer i) {
            return i.longValue();
        }
        if (v instanceof Decimal128 d) {
            BigDecimal bd = d.bigDecimalValue();
            try {
                BigInteger big = bd.toBigIntegerExact();
                return big.bitLength() < 64 ? (Object) big.longValue() : big;
            } catch (ArithmeticException notIntegral) {
                return bd.doubleValue();
            }
        }
        if (v == null || v instanceof Long || v instanceof Double || v instanceof String || v instanceof Boolean) {
            return v;
        }
        throw new AgentDBException("stored metadata holds a " + v.getClass().getSimpleName() + " value, which is not a JSON type");
    }

    /**
     * @param key a metadata key
     * @return the key as stored: itself, or escaped when MongoDB could not address it
     */
    public static String escapeKey(String key) {
        if (!key.isEmpty() && key.indexOf('.') < 0 && key.charAt(0) != '$' && key.charAt(0) != '%') {
            return key;
        }
        return "%" + key.replace("%", "%25").replace(".", "%2E").replace("$", "%24");
    }

    /**
     * @param stored a stored key
     * @return the metadata key it holds
     */
    public static String unescapeKey(String stored) {
        if (stored.isEmpty() || stored.charAt(0) != '%') {
            return stored;
        }
        StringBuilder b = new StringBuilder(stored.length());
        for (int i = 1; i < stored.length(); i++) {
            char c = stored.charAt(i);
            if (c == '%') {
                String code = i + 2 < stored.length() ? stored.substring(i + 1, i + 3) : stored.substring(i + 1);
                b.append(switch (code) {
                    case "25" -> '%';
                    case "2E" -> '.';
                    case "24" -> '$';
                    default -> throw new AgentDBException("stored metadata key '" + stored + "' has an unknown escape %" + code);
                });
                i += 2;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
