package dev.agentdb.spring.boot.autoconfigure;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionInfo;
import dev.agentdb.HealthStatus;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

import java.util.List;

/**
 * Actuator health of an {@link AgentDB}: up when the backend answers a ping
 * ({@link AgentDB#health()}), with details {@code backend}, {@code detail} (server and version, or
 * the error), {@code latencyMs} (round trip of the ping, in milliseconds) and, when up,
 * {@code collections} (their names, sorted). Down when the ping fails; an exception while listing
 * the collections is reported as down with that exception.
 */
public class AgentDbHealthIndicator extends AbstractHealthIndicator {
    private final AgentDB db;

    /**
     * @param db the database to probe; not null
     */
    public AgentDbHealthIndicator(AgentDB db) {
        super("AgentDB health check failed");
        this.db = db;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        HealthStatus status = db.health();
        builder.withDetail("backend", status.backend())
                .withDetail("detail", status.detail())
                .withDetail("latencyMs", status.latencyMs());
        if (!status.up()) {
            builder.down();
            return;
        }
        List<String> names = db.listCollections().stream().map(CollectionInfo::name).toList();
        builder.up().withDetail("collections", names);
    }
}
