package dev.agentdb.spring.boot.autoconfigure;

import org.springframework.context.annotation.Import;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Registers a bean for every interface annotated with Jakarta Data's
 * {@code @jakarta.data.repository.Repository} in the given packages, implemented by AgentDB's ORM
 * ({@code dev.agentdb.orm.Repositories#implement}) over the application's {@link dev.agentdb.AgentDB}
 * bean. Without this annotation, a Spring Boot application gets the same for the packages of its
 * {@code @SpringBootApplication} class ({@link AgentDbRepositoriesAutoConfiguration}).
 *
 * <pre>{@code
 * @SpringBootApplication
 * @EnableAgentDbRepositories(basePackages = "com.example.notes")
 * class App { }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(AgentDbRepositoriesRegistrar.class)
public @interface EnableAgentDbRepositories {
    /**
     * @return the packages to scan (their sub-packages included); empty for the package of the
     *         annotated class
     */
    String[] basePackages() default {};
}
