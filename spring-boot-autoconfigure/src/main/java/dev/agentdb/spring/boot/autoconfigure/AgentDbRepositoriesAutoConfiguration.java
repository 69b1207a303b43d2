package dev.agentdb.spring.boot.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Import;

/**
 * Repository beans for the Jakarta Data {@code @Repository} interfaces in the packages of the
 * application's {@code @SpringBootApplication} class, when AgentDB's ORM ({@code agentdb-orm}) is on
 * the class path and the application has not chosen packages with {@link EnableAgentDbRepositories}.
 * Off with {@code agentdb.repositories.enabled=false}.
 */
@AutoConfiguration(after = AgentDbAutoConfiguration.class)
@ConditionalOnClass(name = {"dev.agentdb.orm.Repositories", "jakarta.data.repository.Repository"})
@ConditionalOnBean(dev.agentdb.AgentDB.class)
@ConditionalOnMissingBean(AgentDbRepositoryFactoryBean.class)
@ConditionalOnProperty(prefix = "agentdb.repositories", name = "enabled", havingValue = "true", matchIfMissing = true)
@Import(AgentDbRepositoriesRegistrar.class)
public class AgentDbRepositoriesAutoConfiguration {
    /** Creates the auto-configuration; Spring calls it. */
    public AgentDbRepositoriesAutoConfiguration() {
    }
}
