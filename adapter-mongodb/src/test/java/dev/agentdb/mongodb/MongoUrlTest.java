package dev.agentdb.mongodb;

import dev.agentdb.InvalidInputException;
import dev.agentdb.mongodb.internal.MongoUrl;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MongoUrlTest {

    @Test
    void should_take_the_database_from_the_path_and_options_from_the_query() {
        MongoUrl u = MongoUrl.parse("mongodb://agent:s3cret@db1:27017,db2:27017/agentdb?maxPoolSize=7&connectTimeoutMS=1500");
        assertThat(u.database()).isEqualTo("agentdb");
        assertThat(u.connectionString().getMaxConnectionPoolSize()).isEqualTo(7);
        assertThat(u.connectionString().getConnectTimeout()).isEqualTo(1500);
        assertThat(u.connectionString().getHosts()).containsExactly("db1:27017", "db2:27017");
    }

    @Test
    void should_never_show_the_password() {
        MongoUrl u = MongoUrl.parse("mongodb://agent:s3cret@127.0.0.1:27017/agentdb?authSource=admin");
        assertThat(u.redacted()).isEqualTo("mongodb://agent:***@127.0.0.1:27017/agentdb?authSource=admin");
        assertThat(u.toString()).doesNotContain("s3cret");
        assertThat(u.redact("auth failed for agent:s3cret")).isEqualTo("auth failed for agent:***");
    }

    @Test
    void should_refuse_a_url_without_a_database_naming_it() {
        assertThatThrownBy(() -> MongoUrl.parse("mongodb://agent:s3cret@127.0.0.1:27017"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("names no database")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> MongoUrl.parse("mongodb://127.0.0.1:27017/?w=1")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("names no database");
    }

    @Test
    void should_refuse_malformed_urls_without_showing_the_password() {
        assertThatThrownBy(() -> MongoUrl.parse("mongodb://agent:s3cret@/agentdb")).isInstanceOf(InvalidInputException.class)
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> MongoUrl.parse("mysql://h/db")).isInstanceOf(InvalidInputException.class);
        assertThat(MongoUrl.isMongoUrl("mongodb+srv://cluster0.example.net/agentdb")).isTrue();
        assertThat(MongoUrl.isMongoUrl("MONGODB://h/db")).isTrue();
        assertThat(MongoUrl.isMongoUrl("postgresql://h/db")).isFalse();
    }
}
