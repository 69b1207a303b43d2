package dev.agentdb.orm.repository;

import dev.agentdb.InvalidInputException;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;
import dev.agentdb.orm.SimilarTo;
import dev.agentdb.orm.mapping.EntityMapping;
import dev.agentdb.orm.mapping.Property;
import dev.agentdb.orm.query.Condition;
import dev.agentdb.orm.query.EntityQuery;
import dev.agentdb.orm.query.Hit;
import dev.agentdb.orm.query.Op;
import dev.agentdb.orm.query.SimilarityQuery;
import jakarta.data.Limit;
import jakarta.data.Order;
import jakarta.data.Sort;
import jakarta.data.exceptions.EmptyResultException;
import jakarta.data.exceptions.NonUniqueResultException;
import jakarta.data.page.Page;
import jakarta.data.page.PageRequest;
import jakarta.data.repository.By;
import jakarta.data.repository.OrderBy;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One {@code @Find} method of a declarative repository, analysed once when the repository is created
 * (so an unknown property or an unsupported parameter or return type fails then) and run per call:
 * {@code @By} parameters become equality conditions, {@code Limit}, {@code Order}, {@code Sort} and
 * {@code PageRequest} parameters apply, {@code @OrderBy} on the method sorts first, a {@link SimilarTo}
 * parameter turns it into a similarity search.
 */
final class FindMethod<T> {
    private enum Kind { BY, BY_ID, LIMIT, ORDER, SORT, PAGE, VECTOR }

    private enum Result { LIST, STREAM, OPTIONAL, SINGLE, PAGE, HITS }

    private record Param(Kind kind, String path) {
    }

    private final String name;
    private final EntityMapping<T> mapping;
    private final List<Param> params = new ArrayList<>();
    private final List<OrderBy> staticOrder;
    private final Result result;
    private SimilarTo similarTo;

    FindMethod(Method method, EntityMapping<T> mapping) {
        this.name = method.getDeclaringClass().getSimpleName() + "." + method.getName();
        this.mapping = mapping;
        this.staticOrder = List.of(method.getAnnotationsByType(OrderBy.class));
        for (OrderBy o : staticOrder) {
            mapping.sort(name + " @OrderBy", o.value(), !o.descending());
        }
        for (Parameter p : method.getParameters()) {
            params.add(param(p));
        }
        this.result = result(method);
        boolean vector = params.stream().anyMatch(p -> p.kind() == Kind.VECTOR);
        if ((result == Result.HITS) != vector && !(vector && result == Result.LIST)) {
            throw invalid("returns List<Hit<T>> exactly when a parameter is @SimilarTo");
        }
        if (vector && (!staticOrder.isEmpty() || has(Kind.ORDER) || has(Kind.SORT) || has(Kind.PAGE) || has(Kind.BY_ID))) {
            throw invalid("a @SimilarTo search returns the closest first: no @OrderBy, Order, Sort, PageRequest or id parameter");
        }
        if ((result == Result.PAGE) != has(Kind.PAGE)) {
            throw invalid("returns Page<T> exactly when it has a PageRequest parameter");
        }
    }

    private boolean has(Kind kind) {
        return params.stream().anyMatch(p -> p.kind() == kind);
    }

    private Param param(Parameter p) {
        Class<?> type = p.getType();
        if (type == Limit.class) {
            return new Param(Kind.LIMIT, null);
        }
        if (type == Order.class) {
            return new Param(Kind.ORDER, null);
        }
        if (type == Sort.class || type == Sort[].class) {
            return new Param(Kind.SORT, null);
        }
        if (type == PageRequest.class) {
            return new Param(Kind.PAGE, null);
        }
        SimilarTo similar = p.getAnnotation(SimilarTo.class);
        if (similar != null) {
            if (type != float[].class) {
                throw invalid("the @SimilarTo parameter " + p.getName() + " must be a float[]");
            }
            similarTo = similar;
            return new Param(Kind.VECTOR, null);
        }
        By by = p.getAnnotation(By.class);
        String path = by != null ? by.value() : p.isNamePresent() ? p.getName() : null;
        if (path == null) {
            throw invalid("parameter " + p.getName() + " needs @By(\"property\") (or compile with -parameters)");
        }
        if (path.equals(By.ID)) {
            return new Param(Kind.BY_ID, null);
        }
        Property.Role role = mapping.resolve(name + "(" + p.getName() + ")", path).property().role();
        if (role == Property.Role.ID) {
            return new Param(Kind.BY_ID, null);
        }
        if (role != Property.Role.METADATA) {
            throw invalid("@By(\"" + path + "\") names the " + role + "; only the id and metadata properties select entities");
        }
        return new Param(Kind.BY, path);
    }

    private Result result(Method method) {
        Class<?> raw = method.getReturnType();
        Type generic = method.getGenericReturnType();
        if (raw == mapping.type()) {
            return Result.SINGLE;
        }
        Type arg = generic instanceof ParameterizedType pt && pt.getActualTypeArguments().length == 1 ? pt.getActualTypeArguments()[0] : null;
        if (raw == List.class && arg instanceof ParameterizedType hit && hit.getRawType() == Hit.class
                && hit.getActualTypeArguments()[0] == mapping.type()) {
            return Result.HITS;
        }
        if (arg == mapping.type()) {
            if (raw == List.class) {
                return Result.LIST;
            }
            if (raw == Stream.class) {
                return Result.STREAM;
            }
            if (raw == Optional.class) {
                return Result.OPTIONAL;
            }
            if (raw == Page.class) {
                return Result.PAGE;
            }
        }
        throw invalid("returns " + generic.getTypeName() + "; a @Find method returns T, Optional<T>, List<T>, Stream<T>, Page<T> or "
                + "List<Hit<T>> of its entity " + mapping.type().getSimpleName());
    }

    private InvalidInputException invalid(String problem) {
        return new InvalidInputException(name, problem);
    }

    @SuppressWarnings("unchecked")
    Object invoke(EntityRepository<T, ?> repo, Object[] args) {
        EntityQuery<T> q = repo.query();
        for (OrderBy o : staticOrder) {
            q.orderBy(o.value(), o.descending() ? jakarta.data.Direction.DESC : jakarta.data.Direction.ASC);
        }
        Object id = null;
        boolean byId = false;
        PageRequest page = null;
        float[] vector = null;
        Integer k = null;
        for (int i = 0; i < params.size(); i++) {
            Object arg = args[i];
            switch (params.get(i).kind()) {
                case BY -> q.where(Condition.of(params.get(i).path(), Op.EQ, arg));
                case BY_ID -> {
                    byId = true;
                    id = arg;
                }
                case LIMIT -> {
                    Limit limit = required(arg, i);
                    q.limit(limit.maxResults()).offset(limit.startAt() - 1);
                    k = limit.maxResults();
                }
                case ORDER -> q.orderBy((Order<?>) required(arg, i));
                case SORT -> {
                    for (Sort<?> sort : arg instanceof Sort<?>[] sorts ? sorts : new Sort<?>[] {required(arg, i)}) {
                        q.orderBy(sort);
                    }
                }
                case PAGE -> page = required(arg, i);
                case VECTOR -> vector = required(arg, i);
                default -> throw new IllegalStateException(params.get(i).kind().name());
            }
        }
        if (vector != null) {
            SimilarityQuery<T> s = q.similarTo(vector, k != null ? k : similarTo.k()).exact(similarTo.exact());
            if (!Double.isNaN(similarTo.threshold())) {
                s.threshold(similarTo.threshold());
            }
            List<Hit<T>> hits = s.find();
            return result == Result.HITS ? hits : hits.stream().map(Hit::entity).toList();
        }
        if (result == Result.PAGE) {
            return q.page(page);
        }
        List<T> found;
        if (byId) {
            Filter filter = q.filter();
            Optional<VectorRecord> r = repo.collection().get(mapping.idString(name + "(id)", id));
            found = r.filter(rec -> filter == null || filter.test(rec.metadata())).map(mapping::toEntity).stream().toList();
        } else if (result == Result.STREAM) {
            return q.stream();
        } else if (result == Result.SINGLE || result == Result.OPTIONAL) {
            found = q.limit(2).find();
        } else {
            found = q.find();
        }
        return switch (result) {
            case LIST -> found;
            case STREAM -> found.stream();
            case OPTIONAL, SINGLE -> {
                if (found.size() > 1) {
                    throw new NonUniqueResultException(name + ": more than one " + mapping.type().getSimpleName() + " matches");
                }
                if (found.isEmpty() && result == Result.SINGLE) {
                    throw new EmptyResultException(name + ": no " + mapping.type().getSimpleName() + " matches");
                }
                yield result == Result.SINGLE ? found.get(0) : found.stream().findFirst();
            }
            default -> throw new IllegalStateException(result.name());
        };
    }

    @SuppressWarnings("unchecked")
    private <A> A required(Object arg, int index) {
        if (arg == null) {
            throw new InvalidInputException(name + "(" + index + ")", "must not be null");
        }
        return (A) arg;
    }
}
