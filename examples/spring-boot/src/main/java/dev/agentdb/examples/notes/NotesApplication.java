package dev.agentdb.examples.notes;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * Notes found by meaning: a REST service over AgentDB. The database is whatever {@code agentdb.url}
 * says (an SQLite file by default, {@code postgresql://...} with one property); the embedding model
 * is all-MiniLM-L6-v2 running in-process (384 dimensions), so nothing leaves the machine.
 */
@SpringBootApplication
public class NotesApplication {

    /** Creates the application; Spring calls it. */
    public NotesApplication() {
    }

    /**
     * @param args Spring Boot arguments, e.g. {@code --agentdb.url=postgresql://...}
     */
    public static void main(String[] args) {
        SpringApplication.run(NotesApplication.class, args);
    }

    /** @return the sentence embedding model (384 dimensions, as {@code agentdb.collections.notes.dimension}) */
    @Bean
    EmbeddingModel embeddingModel() {
        return new AllMiniLmL6V2QuantizedEmbeddingModel();
    }
}
