package dev.agentdb.spring.boot.smoke;

import dev.agentdb.AgentDB;
import dev.agentdb.Metric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configuration, compiled against Spring Boot 3.5, on Spring Boot 4.0: found through its
 * {@code AutoConfiguration.imports} registration, it opens the database of {@code agentdb.url},
 * creates the configured collections and closes the database with the context. (Boot 4 moved the
 * actuator's health API; the Boot 3 health indicator steps aside there, which is checked too.)
 */
class SpringBoot4SmokeTest {
    @TempDir
    Path dir;

    @Test
    void should_configure_agentdb_on_spring_boot_4() throws Exception {
        assertThat(SpringBootVersion.getVersion()).startsWith("4.0.");
        List<Class<?>> registered = new ArrayList<>();
        for (String name : ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader())) {
            if (name.startsWith("dev.agentdb.")) {
                registered.add(Class.forName(name));
            }
        }
        assertThat(registered).hasSize(3);
        List<AgentDB> seen = new ArrayList<>();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(registered.toArray(Class<?>[]::new)))
                .withPropertyValues("agentdb.url=sqlite:" + dir.resolve("boot4.db"), "agentdb.collections.notes.dimension=3",
                        "agentdb.collections.notes.metric=l2")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(AgentDB.class);
                    AgentDB db = context.getBean(AgentDB.class);
                    assertThat(db.collection("notes").spec().metric()).isEqualTo(Metric.L2);
                    assertThat(context.containsBean("agentdbHealthIndicator")).isFalse();
                    seen.add(db);
                });
        assertThat(seen.get(0).health().up()).as("closed with the context").isFalse();
    }
}
