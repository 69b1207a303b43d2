/**
 * The Spring AI bridge: {@link dev.agentdb.springai.AgentDbVectorStore}, a Spring AI {@code VectorStore}
 * over any AgentDB URL, and {@link dev.agentdb.springai.AgentDbFilterTranslator}, Spring AI filter
 * expressions to AgentDB filters. Its Spring Boot auto-configuration is in
 * {@code dev.agentdb.springai.autoconfigure}. Verified by Spring AI's own {@code BaseVectorStoreTests}
 * on SQLite, PostgreSQL and MariaDB.
 */
package dev.agentdb.springai;
