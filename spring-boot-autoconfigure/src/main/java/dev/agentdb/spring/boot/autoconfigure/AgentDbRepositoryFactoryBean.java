package dev.agentdb.spring.boot.autoconfigure;

import dev.agentdb.AgentDB;
import dev.agentdb.orm.Repositories;
import org.springframework.beans.factory.FactoryBean;

/**
 * Creates one repository bean: AgentDB's implementation
 * ({@link Repositories#implement(AgentDB, Class)}) of a Jakarta Data {@code @Repository} interface,
 * over the application's {@link AgentDB}. Mapping errors of the interface or its entity (typed, naming
 * the class and field or method) fail the start-up, as the ORM raises them when it implements the
 * interface.
 *
 * @param <R> the repository interface
 */
public class AgentDbRepositoryFactoryBean<R> implements FactoryBean<R> {
    private final Class<R> type;
    private final AgentDB db;
    private R repository;

    /**
     * @param type the repository interface; not null
     * @param db the database it works on; not null
     */
    public AgentDbRepositoryFactoryBean(Class<R> type, AgentDB db) {
        this.type = type;
        this.db = db;
    }

    /**
     * @return the repository, created on first call and then the same instance
     * @throws dev.agentdb.InvalidInputException when the interface or its entity cannot be mapped
     */
    @Override
    public synchronized R getObject() {
        if (repository == null) {
            repository = Repositories.implement(db, type);
        }
        return repository;
    }

    /** @return the repository interface */
    @Override
    public Class<?> getObjectType() {
        return type;
    }
}
