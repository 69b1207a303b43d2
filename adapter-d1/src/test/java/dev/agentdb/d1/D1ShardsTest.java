package dev.agentdb.d1;

import dev.agentdb.InvalidInputException;
import dev.agentdb.d1.internal.D1Shards;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class D1ShardsTest {
    @Test
    void should_read_one_or_several_databases_from_the_path() {
        assertThat(D1Shards.databases("d1://acct/db1")).containsExactly("db1");
        assertThat(D1Shards.databases("d1://acct/db1,db2,db3?endpoint=http://127.0.0.1:1")).containsExactly("db1", "db2", "db3");
    }

    @Test
    void should_refuse_an_empty_or_repeated_database_naming_the_url_without_its_token() {
        assertThatThrownBy(() -> D1Shards.databases("d1://acct/db1,,db2?token=secret")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("url").hasMessageContaining("empty").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> D1Shards.databases("d1://acct/db1,db1")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'db1' twice");
    }

    @Test
    void should_tell_cloudflare_from_another_endpoint_by_the_parsed_endpoint() {
        assertThat(dev.agentdb.d1.internal.D1Url.cloudflare("d1://acct/db1,db2")).isTrue();
        assertThat(dev.agentdb.d1.internal.D1Url.cloudflare("d1://acct/db1?endpoint=https://api.cloudflare.com")).isTrue();
        assertThat(dev.agentdb.d1.internal.D1Url.cloudflare("d1://acct/db1,db2?endpoint=http://127.0.0.1:18787")).isFalse();
    }
}
