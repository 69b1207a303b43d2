package dev.agentdb.langchain4j;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

/** The embedding model LangChain4j's kit asks for: all-MiniLM-L6-v2 (quantized ONNX in its jar, offline), loaded once. */
final class KitModel {
    static final EmbeddingModel MODEL = new AllMiniLmL6V2QuantizedEmbeddingModel();

    private KitModel() {
    }
}
