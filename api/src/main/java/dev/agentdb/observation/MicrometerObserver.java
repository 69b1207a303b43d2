package dev.agentdb.observation;

import dev.agentdb.InvalidInputException;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * Reports every API call as a Micrometer {@link Observation} named {@value #NAME} (a timer, a span
 * with a tracing bridge), with the tag names Spring AI's vector stores use, so dashboards built for
 * them show AgentDB too:
 * <ul>
 *   <li>low cardinality: {@code db.system} = {@code agentdb}, {@code db.system.name} (OpenTelemetry's
 *       name of the backend: {@code sqlite}, {@code postgresql}, {@code mysql}), {@code db.operation.name}
 *       ({@link Operation#name()}), {@code db.collection.name}, {@code db.search.similarity_metric}
 *       ({@code cosine}, {@code l2}, {@code inner_product}), {@code db.vector.dimension_count},
 *       {@code spring.ai.kind} = {@code vector_store};</li>
 *   <li>high cardinality (searches and batches): {@code db.vector.query.top_k},
 *       {@code db.operation.batch.size}.</li>
 * </ul>
 * The contextual name (a span's name) is {@code "<operation> <collection>"}, as OpenTelemetry's
 * database conventions ask. A call made while another {@value #NAME} observation is current on the
 * thread (Spring AI's {@code VectorStore} observes its own calls under the same name) is not observed
 * again, so each operation is counted once.
 *
 * <p>{@code micrometer-observation} is an optional dependency of the API: this class is loaded only
 * when an application creates it.
 */
public final class MicrometerObserver implements OperationObserver {
    /** The observation name, Spring AI's for vector store operations. */
    public static final String NAME = "db.vector.client.operation";

    private final ObservationRegistry registry;

    private MicrometerObserver(ObservationRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param registry the registry to report to; a no-op registry ({@code ObservationRegistry.NOOP})
     *                 costs one check per call
     * @return an observer reporting to it
     * @throws InvalidInputException naming {@code observationRegistry} when it is null
     */
    public static MicrometerObserver of(ObservationRegistry registry) {
        if (registry == null) {
            throw new InvalidInputException("observationRegistry", "must not be null (use ObservationRegistry.NOOP to observe nothing)");
        }
        return new MicrometerObserver(registry);
    }

    @Override
    public <T> T observe(Operation operation, Supplier<T> work) {
        if (registry.isNoop()) {
            return work.get();
        }
        Observation current = registry.getCurrentObservation();
        if (current != null && NAME.equals(current.getContext().getName())) {
            // already inside a vector store operation (e.g. Spring AI's own observation of this call):
            // observing it again would count the same work twice under the same name
            return work.get();
        }
        Observation observation = Observation.createNotStarted(NAME, registry)
                .contextualName(operation.name() + " " + operation.collection())
                .lowCardinalityKeyValue("db.system", "agentdb")
                .lowCardinalityKeyValue("db.system.name", systemName(operation.backend()))
                .lowCardinalityKeyValue("db.operation.name", operation.name())
                .lowCardinalityKeyValue("db.collection.name", operation.collection())
                .lowCardinalityKeyValue("spring.ai.kind", "vector_store");
        if (operation.metric() != null) {
            observation.lowCardinalityKeyValue("db.search.similarity_metric", operation.metric().toString());
        }
        if (operation.dimension() > 0) {
            observation.lowCardinalityKeyValue("db.vector.dimension_count", Integer.toString(operation.dimension()));
        }
        if (operation.topK() > 0) {
            observation.highCardinalityKeyValue("db.vector.query.top_k", Integer.toString(operation.topK()));
        }
        if (operation.batchSize() > 0) {
            observation.highCardinalityKeyValue("db.operation.batch.size", Integer.toString(operation.batchSize()));
        }
        return observation.observe(work);
    }

    /** OpenTelemetry's {@code db.system.name} values for our backends. */
    private static String systemName(String backend) {
        return switch (backend.toLowerCase(Locale.ROOT)) {
            case "postgres" -> "postgresql";
            default -> backend.toLowerCase(Locale.ROOT);
        };
    }

    @Override
    public String toString() {
        return "MicrometerObserver[" + registry + "]";
    }
}
