/**
 * Spring Boot auto-configuration of AgentDB: an {@link dev.agentdb.AgentDB} bean from the
 * {@code agentdb.*} properties ({@link dev.agentdb.spring.boot.autoconfigure.AgentDbProperties}),
 * collections created at start-up, and an actuator health indicator.
 */
package dev.agentdb.spring.boot.autoconfigure;
