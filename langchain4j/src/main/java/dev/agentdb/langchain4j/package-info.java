/**
 * The LangChain4j bridge: {@link dev.agentdb.langchain4j.AgentDbEmbeddingStore}, a LangChain4j
 * {@code EmbeddingStore<TextSegment>} over any AgentDB URL, and
 * {@link dev.agentdb.langchain4j.AgentDbFilterTranslator}, LangChain4j metadata filters to AgentDB
 * filters. Verified by LangChain4j's own store kit ({@code EmbeddingStoreWithFilteringIT},
 * {@code EmbeddingStoreWithRemovalIT}) on SQLite, PostgreSQL and MariaDB.
 */
package dev.agentdb.langchain4j;
