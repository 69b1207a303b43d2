package dev.agentdb.mongodb;

/**
 * What the {@link MongoAdapter} found out about its deployment when it connected, by asking it
 * ({@code hello}, or the legacy {@code isMaster} where {@code hello} is unknown; {@code buildInfo};
 * {@code $listSearchIndexes}), never by reading the URL.
 *
 * @param version the server's version ({@code buildInfo.version}), or {@code "unknown"}
 * @param topology {@code standalone}, {@code replica set <name>} or {@code sharded (mongos)}
 * @param transactions whether multi-document transactions are available: a replica set member
 *                     ({@code setName}) or a {@code mongos} ({@code msg: "isdbgrid"})
 * @param vectorSubtype whether embeddings are written as BSON binary vectors (subtype 9): servers
 *                      that answer {@code hello} (MongoDB 4.4.2 and newer); the others, such as the
 *                      mongo-java-server stand-in, which refuses subtype 9, get the same bytes as
 *                      generic binary
 * @param vectorSearch whether the deployment runs {@code $vectorSearch}: it answered
 *                     {@code $listSearchIndexes} (Atlas, {@code mongodb-atlas-local}, a {@code mongod}
 *                     with {@code mongot}); false when it refused it or was not asked
 * @param vectorSearchDetail what the deployment answered to {@code $listSearchIndexes} (its error, when
 *                           it refused), for logs; never null
 */
public record MongoDeployment(String version, String topology, boolean transactions, boolean vectorSubtype, boolean vectorSearch,
                              String vectorSearchDetail) {

    /**
     * A deployment not asked about vector search yet ({@code vectorSearch} false).
     *
     * @param version the server's version, or {@code "unknown"}
     * @param topology {@code standalone}, {@code replica set <name>} or {@code sharded (mongos)}
     * @param transactions whether multi-document transactions are available
     * @param vectorSubtype whether embeddings are written as BSON binary vectors
     */
    public MongoDeployment(String version, String topology, boolean transactions, boolean vectorSubtype) {
        this(version, topology, transactions, vectorSubtype, false, "not asked");
    }

    /**
     * @param available whether the deployment answered {@code $listSearchIndexes}
     * @param detail what it answered; not null
     * @return this deployment with the answer about vector search
     */
    public MongoDeployment withVectorSearch(boolean available, String detail) {
        return new MongoDeployment(version, topology, transactions, vectorSubtype, available, detail);
    }

    /** @return e.g. {@code MongoDB 8.0.4, replica set rs0 (transactions: yes, binary vectors: yes, $vectorSearch: no)} */
    @Override
    public String toString() {
        return "MongoDB " + version + ", " + topology + " (transactions: " + (transactions ? "yes" : "no") + ", binary vectors: "
                + (vectorSubtype ? "yes" : "no") + ", $vectorSearch: " + (vectorSearch ? "yes" : "no") + ")";
    }
}
