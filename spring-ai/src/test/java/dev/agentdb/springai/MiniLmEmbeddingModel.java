package dev.agentdb.springai;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;

import java.util.ArrayList;
import java.util.List;

/**
 * A real embedding model offline, as a Spring AI {@link EmbeddingModel}: all-MiniLM-L6-v2 (quantized
 * ONNX inside LangChain4j's jar, 384 dimensions, unit-length vectors), loaded once. Spring AI's own
 * {@code spring-ai-transformers} would download its model at run time.
 */
public final class MiniLmEmbeddingModel implements EmbeddingModel {
    public static final int DIMENSION = 384;
    public static final MiniLmEmbeddingModel INSTANCE = new MiniLmEmbeddingModel();

    private final AllMiniLmL6V2QuantizedEmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();

    private MiniLmEmbeddingModel() {
    }

    @Override
    public EmbeddingResponse call(EmbeddingRequest request) {
        List<TextSegment> segments = request.getInstructions().stream().map(TextSegment::from).toList();
        List<dev.langchain4j.data.embedding.Embedding> vectors = model.embedAll(segments).content();
        List<Embedding> out = new ArrayList<>(vectors.size());
        for (int i = 0; i < vectors.size(); i++) {
            out.add(new Embedding(vectors.get(i).vector(), i));
        }
        return new EmbeddingResponse(out);
    }

    @Override
    public float[] embed(Document document) {
        return embed(document.getText());
    }

    @Override
    public int dimensions() {
        return DIMENSION;
    }
}
