package dev.agentdb.springai;

import dev.agentdb.AgentDB;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.VectorStore;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's Spring AI example without Boot, as printed there (but for the file's folder, and a second
 * document the threshold must drop), runs and finds its document.
 */
class ReadmeExampleIT {
    @TempDir
    Path dir;

    @Test
    void should_run_the_readme_example() {
        EmbeddingModel embeddingModel = MiniLmEmbeddingModel.INSTANCE;
        try (AgentDB db = AgentDB.open("sqlite:" + dir.resolve("agent.db"))) {
            VectorStore store = AgentDbVectorStore.builder(db, embeddingModel)
                    .collection("docs")
                    .initializeSchema(true)            // creates it: the model's dimension, cosine
                    .build();
            store.add(List.of(new Document("AgentDB runs on SQLite", Map.of("user", "klaus", "year", 2024)),
                    new Document("Bananas are rich in potassium", Map.of("user", "klaus", "year", 2024))));

            List<Document> hits = store.similaritySearch(SearchRequest.builder()
                    .query("where does AgentDB run?")
                    .topK(5)
                    .similarityThreshold(0.5)
                    .filterExpression("user == 'klaus' && year >= 2020")
                    .build());
            hits.forEach(d -> System.out.printf("%.3f %s%n", d.getScore(), d.getText()));

            assertThat(hits).extracting(Document::getText).containsExactly("AgentDB runs on SQLite");
        }
    }
}
