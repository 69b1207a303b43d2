package dev.agentdb.spring.boot.autoconfigure;

import dev.agentdb.AgentDB;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.CollectionSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.agentdb.observation.MicrometerObserver;
import dev.agentdb.observation.OperationObserver;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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
 *
 * <p>With an {@code ObservationRegistry} bean (Spring Boot's actuator makes one), every call of the
 * API is observed as {@code db.vector.client.operation} ({@link MicrometerObserver}); an
 * {@link OperationObserver} bean of the application's replaces that.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration", // Boot 3
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"}) // Boot 4
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
     * @param observer the observer of API calls, when the context has one
     * @return the open database; Spring closes it with the context
     * @throws dev.agentdb.InvalidInputException naming the property when a value is invalid
     * @throws dev.agentdb.BackendUnavailableException when the database cannot be opened (server
     *         down, wrong credentials, no adapter for the URL's scheme on the class path)
     * @throws dev.agentdb.ConflictException when a configured collection exists with another spec
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public AgentDB agentDb(AgentDbProperties properties, ObjectProvider<OperationObserver> observer) {
        AgentDBConfig config = properties.toConfig();
        Map<String, CollectionSpec> specs = new LinkedHashMap<>();
        properties.getCollections().forEach((name, collection) -> specs.put(name, collection.toSpec(name)));
        AgentDB db = AgentDB.builder().config(config).observer(observer.getIfAvailable(() -> OperationObserver.NONE)).build();
        try {
            specs.forEach(db::createCollection);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        LOG.info("AgentDB: {} ({}), {} configured collection(s)", config.redactedUrl(), db.backendType(), specs.size());
        return db;
    }

    /** Micrometer observations of the API's calls when the application has an {@code ObservationRegistry}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.observation.ObservationRegistry")
    static class Observations {
        /**
         * @param registry the application's registry
         * @return an observer reporting every API call to it
         */
        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnBean(ObservationRegistry.class)
        OperationObserver agentDbOperationObserver(ObservationRegistry registry) {
            return MicrometerObserver.of(registry);
        }
    }
}
