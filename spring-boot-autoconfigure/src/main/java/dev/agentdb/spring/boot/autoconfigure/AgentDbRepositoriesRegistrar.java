package dev.agentdb.spring.boot.autoconfigure;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Finds the Jakarta Data {@code @Repository} interfaces of the packages named by
 * {@link EnableAgentDbRepositories} (or, used by {@link AgentDbRepositoriesAutoConfiguration}, of the
 * application's auto-configuration packages) and registers one {@link AgentDbRepositoryFactoryBean}
 * per interface, named by the interface's simple name with a lower-case first letter. An interface
 * that already has a bean of its type is left to it.
 */
public class AgentDbRepositoriesRegistrar implements ImportBeanDefinitionRegistrar, BeanFactoryAware, EnvironmentAware, ResourceLoaderAware {
    private static final String REPOSITORY = "jakarta.data.repository.Repository";

    private BeanFactory beanFactory;
    private Environment environment;
    private ResourceLoader resourceLoader;

    /** Creates the registrar; Spring calls it. */
    public AgentDbRepositoriesRegistrar() {
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void setResourceLoader(ResourceLoader resourceLoader) {
        this.resourceLoader = resourceLoader;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        for (String pkg : packages(metadata)) {
            for (BeanDefinition candidate : scanner().findCandidateComponents(pkg)) {
                register(candidate.getBeanClassName(), registry);
            }
        }
    }

    /** The packages of {@link EnableAgentDbRepositories}, or Spring Boot's auto-configuration packages. */
    private List<String> packages(AnnotationMetadata metadata) {
        Map<String, Object> attributes = metadata.getAnnotationAttributes(EnableAgentDbRepositories.class.getName());
        if (attributes == null) {
            return AutoConfigurationPackages.has(beanFactory) ? AutoConfigurationPackages.get(beanFactory) : List.of();
        }
        String[] named = (String[]) attributes.get("basePackages");
        return named.length > 0 ? Arrays.asList(named) : List.of(ClassUtils.getPackageName(metadata.getClassName()));
    }

    private ClassPathScanningCandidateComponentProvider scanner() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false, environment) {
            @Override
            protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
                // repositories are interfaces, which the default scan skips
                return definition.getMetadata().isInterface() && definition.getMetadata().isIndependent();
            }
        };
        scanner.setResourceLoader(resourceLoader);
        scanner.addIncludeFilter(new AnnotationTypeFilter(loadAnnotation(), true, true));
        return scanner;
    }

    @SuppressWarnings("unchecked")
    private Class<? extends java.lang.annotation.Annotation> loadAnnotation() {
        try {
            return (Class<? extends java.lang.annotation.Annotation>) ClassUtils.forName(REPOSITORY, resourceLoader.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("jakarta.data-api is not on the class path; add dev.agentdb:agentdb-orm", e);
        }
    }

    private void register(String interfaceName, BeanDefinitionRegistry registry) {
        Class<?> type;
        try {
            type = ClassUtils.forName(interfaceName, resourceLoader.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("repository interface " + interfaceName + " cannot be loaded", e);
        }
        String name = Character.toLowerCase(type.getSimpleName().charAt(0)) + type.getSimpleName().substring(1);
        if (registry.containsBeanDefinition(name)) {
            return;
        }
        RootBeanDefinition definition = new RootBeanDefinition(AgentDbRepositoryFactoryBean.class);
        definition.getConstructorArgumentValues().addIndexedArgumentValue(0, type);
        definition.setAutowireMode(RootBeanDefinition.AUTOWIRE_CONSTRUCTOR);
        // lets Spring match the bean by type (autowiring, getBeanNamesForType) before creating it
        definition.setAttribute(FactoryBean.OBJECT_TYPE_ATTRIBUTE, type);
        definition.setDescription("AgentDB repository " + type.getName());
        registry.registerBeanDefinition(name, definition);
    }
}
