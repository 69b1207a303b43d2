package dev.agentdb.mongodb;

/**
 * What the {@link MongoAdapter} found out about its deployment when it connected, by asking it
 * ({@code hello}, or the legacy {@code isMaster} where {@code hello} is unknown; {@code buildInfo}),
 * never by reading the URL.
 *
 * @param version the server's version ({@code buildInfo.version}), or {@code "unknown"}
 * @param topology {@code standalone}, {@code replica set <name>} or {@code sharded (mongos)}
 * @param transactions whether multi-document transactions are available: a replica set member
 *                     ({@code setName}) or a {@code mongos} ({@code msg: "isdbgrid"})
 * @param vectorSubtype whether embeddings are written as BSON binary vectors (subtype 9): servers
 *                      that answer {@code hello} (MongoDB 4.4.2 and newer); the others, such as the
 *                      mongo-java-server stand-in, which refuses subtype 9, get the same bytes as
 *                      generic binary
 */
public record MongoDeployment(String version, String topology, boolean transactions, boolean vectorSubtype) {

    /** @return e.g. {@code MongoDB 8.0.4, replica set rs0 (transactions: yes, binary vectors: yes)} */
    @Override
    public String toString() {
        return "MongoDB " + version + ", " + topology + " (transactions: " + (transactions ? "yes" : "no") + ", binary vectors: "
                + (vectorSubtype ? "yes" : "no") + ")";
    }
}
