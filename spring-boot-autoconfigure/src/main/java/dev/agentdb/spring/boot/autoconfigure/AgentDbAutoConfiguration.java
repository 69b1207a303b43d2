package dev.agentdb.spring.boot.autoconfigure;

import dev.agentdb.AgentDB;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.CollectionSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Auto-configuration of one {@link AgentDB} bean from the {@code agentdb.*} properties
 * ({@link AgentDbProperties}), unless the application defines its own.
 *
 * <p>The bean is opened when the context starts, creates the collections listed under
 * {@code agentdb.collections} that are missing (an existing one must have the same spec, else the
 * start-up fails with a {@link dev.agentdb.ConflictException}), and is closed when the context
 * closes. Every collection spec is checked before the database is opened, so a typo in a property
 * fails the start-up without touching the database. With an application-defined {@code AgentDB}
 * bean nothing here applies, {@code agentdb.collections} included.
 */
@AutoConfiguration
@ConditionalOnClass(AgentDB.class)
@EnableConfigurationProperties(AgentDbProperties.class)
public class AgentDbAutoConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(AgentDbAutoConfiguration.class);

    /** Creates the auto-configuration; Spring calls it. */
    public AgentDbAutoConfiguration() {
    }

    /**
     * Opens the database of {@code agentdb.url} and creates the configured collections.
     *
     * @param properties the bound {@code agentdb.*} properties
     * @return the open database; Spring closes it with the context
     * @throws dev.agentdb.InvalidInputException naming the property when a value is invalid
     * @throws dev.agentdb.BackendUnavailableException when the database cannot be opened (server
     *         down, wrong credentials, no adapter for the URL's scheme on the class path)
     * @throws dev.agentdb.ConflictException when a configured collection exists with another spec
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public AgentDB agentDb(AgentDbProperties properties) {
        AgentDBConfig config = properties.toConfig();
        Map<String, CollectionSpec> specs = new LinkedHashMap<>();
        properties.getCollections().forEach((name, collection) -> specs.put(name, collection.toSpec(name)));
        AgentDB db = AgentDB.open(config);
        try {
            specs.forEach(db::createCollection);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        LOG.info("AgentDB: {} ({}), {} configured collection(s)", config.redactedUrl(), db.backendType(), specs.size());
        return db;
    }
}
