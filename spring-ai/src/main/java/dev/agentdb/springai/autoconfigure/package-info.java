/**
 * Spring Boot auto-configuration of the Spring AI vector store
 * ({@link dev.agentdb.springai.autoconfigure.AgentDbVectorStoreAutoConfiguration}, properties
 * {@code spring.ai.vectorstore.agentdb.*}, active with {@code spring.ai.vectorstore.type=agentdb} or
 * without that property).
 */
package dev.agentdb.springai.autoconfigure;
