package dev.agentdb.spring.boot.autoconfigure;

import dev.agentdb.AgentDB;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Registers {@link AgentDbHealthIndicator} as the {@code agentdb} health contributor when the
 * application has Spring Boot 3's actuator, an {@link AgentDB} bean, and
 * {@code management.health.agentdb.enabled} is not {@code false}.
 */
@AutoConfiguration(after = AgentDbAutoConfiguration.class)
@ConditionalOnClass(name = {"dev.agentdb.AgentDB", "org.springframework.boot.actuate.health.HealthIndicator",
        "org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator"})
@ConditionalOnBean(AgentDB.class)
@ConditionalOnEnabledHealthIndicator("agentdb")
public class AgentDbHealthContributorAutoConfiguration {

    /** Creates the auto-configuration; Spring calls it. */
    public AgentDbHealthContributorAutoConfiguration() {
    }

    /**
     * @param db the application's database
     * @return its health indicator, named {@code agentdb} by the bean name
     */
    @Bean
    @ConditionalOnMissingBean(name = "agentdbHealthIndicator")
    public AgentDbHealthIndicator agentdbHealthIndicator(AgentDB db) {
        return new AgentDbHealthIndicator(db);
    }
}
