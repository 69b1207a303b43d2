package dev.agentdb.sqlite;

import dev.agentdb.AgentDB;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.AgentDBException;
import dev.agentdb.SearchRequest;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * Opens SQLite files the way {@link SqliteReadOnlyFilesystemIT} asks, in a JVM of its own (started
 * inside a mount namespace where the files are on a read-only filesystem), and prints one line per
 * attempt: {@code RESULT <label> OK count=<n> nearest=<id> insert=<exception>} or
 * {@code RESULT <label> ERR <exception> <message>}.
 */
public final class ReadOnlyFilesystemProbe {
    private ReadOnlyFilesystemProbe() {
    }

    /**
     * @param args attempts, each {@code label|url|readOnly} ({@code readOnly} true or false: the config flag)
     */
    public static void main(String[] args) {
        for (String line : probe(args)) {
            System.out.println(line);
        }
    }

    /**
     * @param attempts each {@code label|url|readOnly}
     * @return one {@code RESULT} line per attempt
     */
    static List<String> probe(String... attempts) {
        List<String> out = new ArrayList<>();
        for (String attempt : attempts) {
            String[] part = attempt.split("\\|");
            AgentDBConfig config = AgentDBConfig.builder(part[1]).readOnly(Boolean.parseBoolean(part[2])).build();
            try (AgentDB db = AgentDB.open(config)) {
                VectorCollection docs = db.collection("docs");
                long count = docs.count();
                String nearest = docs.search(SearchRequest.of(SqliteFiles.vector(42), 1)).get(0).id();
                String insert;
                try {
                    docs.insert(VectorRecord.of("new", SqliteFiles.vector(1), null));
                    insert = "written";
                } catch (AgentDBException e) {
                    insert = e.getClass().getSimpleName();
                }
                out.add("RESULT " + part[0] + " OK count=" + count + " nearest=" + nearest + " insert=" + insert);
            } catch (RuntimeException e) {
                out.add("RESULT " + part[0] + " ERR " + e.getClass().getSimpleName() + " " + e.getMessage());
            }
        }
        return out;
    }
}
