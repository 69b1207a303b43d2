package dev.agentdb.langchain4j;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;
import static org.assertj.core.api.Assertions.assertThat;

/** The README's LangChain4j example, as printed there (but for the file's folder), runs and finds its segment. */
class ReadmeExampleIT {
    @TempDir
    Path dir;

    @Test
    void should_run_the_readme_example() {
        EmbeddingModel model = KitModel.MODEL;
        try (AgentDbEmbeddingStore store = AgentDbEmbeddingStore.builder()
                .url("sqlite:" + dir.resolve("agent.db"))
                .collection("docs")
                .dimension(384)
                .build()) {
            TextSegment segment = TextSegment.from("AgentDB runs on SQLite", Metadata.from("user", "klaus").put("year", 2024));
            store.add(model.embed(segment).content(), segment);

            List<EmbeddingMatch<TextSegment>> hits = store.search(EmbeddingSearchRequest.builder()
                    .queryEmbedding(model.embed("where does AgentDB run?").content())
                    .maxResults(5)
                    .minScore(0.7)
                    .filter(metadataKey("user").isEqualTo("klaus").and(metadataKey("year").isGreaterThanOrEqualTo(2020)))
                    .build()).matches();

            assertThat(hits).singleElement().satisfies(h -> assertThat(h.embedded()).isEqualTo(
                    TextSegment.from("AgentDB runs on SQLite", new Metadata().put("user", "klaus").put("year", 2024))));
        }
    }
}
