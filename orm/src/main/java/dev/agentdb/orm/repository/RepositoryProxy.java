package dev.agentdb.orm.repository;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import dev.agentdb.AgentDB;
import dev.agentdb.InvalidInputException;
import jakarta.data.repository.DataRepository;
import jakarta.data.repository.Find;
import jakarta.data.repository.Repository;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/**
 * Implements a Jakarta Data repository interface at run time with a JDK dynamic proxy: no annotation
 * processor, no generated code. The inherited {@code BasicRepository}/{@code CrudRepository} methods go
 * to an {@link EntityRepository}, {@code @Find} methods to a {@link FindMethod} each, default methods run
 * as written. Every method is analysed when the proxy is created, so a mistake fails then.
 */
public final class RepositoryProxy implements InvocationHandler {
    private final Class<?> type;
    private final EntityRepository<Object, Object> delegate;
    private final Map<Method, FindMethod<Object>> finds = new HashMap<>();
    private final Map<Method, Method> delegated = new HashMap<>();

    private RepositoryProxy(Class<?> type, EntityRepository<Object, Object> delegate) {
        this.type = type;
        this.delegate = delegate;
    }

    /**
     * Implements a repository interface.
     *
     * @param db an open database; not null
     * @param repositoryInterface an interface annotated {@code @jakarta.data.repository.Repository}
     *                            extending {@code BasicRepository<T, K>} or {@code CrudRepository<T, K>}
     * @param <R> the interface
     * @return its implementation, thread-safe
     * @throws InvalidInputException naming the interface or {@code Interface.method} when it is not such an
     *         interface, or a method is neither inherited, default nor a supported {@code @Find} method
     *         (unknown property, unsupported parameter or return type), and as
     *         {@link EntityRepository#create} for the entity
     */
    public static <R> R implement(AgentDB db, Class<R> repositoryInterface) {
        return implement(db, repositoryInterface, true);
    }

    /**
     * As {@link #implement(AgentDB, Class)}, choosing whether the entity's missing collection is created.
     *
     * @param db an open database
     * @param repositoryInterface the interface
     * @param autoCreate see {@link EntityRepository#create(AgentDB, Class, boolean)}
     * @param <R> the interface
     * @return its implementation
     * @throws InvalidInputException as {@link #implement(AgentDB, Class)}
     * @throws dev.agentdb.NotFoundException when the collection is missing and {@code autoCreate} is false
     */
    public static <R> R implement(AgentDB db, Class<R> repositoryInterface, boolean autoCreate) {
        if (repositoryInterface == null || !repositoryInterface.isInterface()) {
            throw new InvalidInputException("repositoryInterface", "must be an interface, was " + repositoryInterface);
        }
        String name = repositoryInterface.getSimpleName();
        if (!repositoryInterface.isAnnotationPresent(Repository.class)) {
            throw new InvalidInputException(name, "is not annotated @jakarta.data.repository.Repository");
        }
        JavaType[] params = TypeFactory.defaultInstance().constructType(repositoryInterface).findTypeParameters(DataRepository.class);
        if (params.length != 2 || params[0].getRawClass() == Object.class) {
            throw new InvalidInputException(name, "must extend BasicRepository<Entity, Id> (or CrudRepository) with its entity class");
        }
        @SuppressWarnings("unchecked")
        Class<Object> entity = (Class<Object>) params[0].getRawClass();
        RepositoryProxy handler = new RepositoryProxy(repositoryInterface, EntityRepository.create(db, entity, autoCreate));
        for (Method m : repositoryInterface.getMethods()) {
            handler.analyse(m);
        }
        return repositoryInterface.cast(Proxy.newProxyInstance(repositoryInterface.getClassLoader(),
                new Class<?>[] {repositoryInterface}, handler));
    }

    private void analyse(Method m) {
        if (m.isDefault() || m.isSynthetic() || java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
            return;
        }
        // BasicRepository's own methods carry @Find and friends too: they are EntityRepository's
        if (m.isAnnotationPresent(Find.class) && m.getDeclaringClass().getPackage() != DataRepository.class.getPackage()) {
            finds.put(m, new FindMethod<>(m, delegate.mapping()));
            return;
        }
        try {
            delegated.put(m, EntityRepository.class.getMethod(m.getName(), m.getParameterTypes()));
        } catch (NoSuchMethodException e) {
            throw new InvalidInputException(type.getSimpleName() + "." + m.getName(), "is not supported: implemented are the "
                    + "BasicRepository/CrudRepository methods, @Find methods and default methods (no @Query, method-name queries, "
                    + "@Insert/@Update/@Delete/@Save on other signatures)");
        }
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        Object[] a = args == null ? new Object[0] : args;
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == a[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> type.getSimpleName() + "[" + delegate + "]";
            };
        }
        if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, a);
        }
        FindMethod<Object> find = finds.get(method);
        if (find != null) {
            return find.invoke(delegate, a);
        }
        try {
            return delegated.get(method).invoke(delegate, a);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
