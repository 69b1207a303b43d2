package dev.agentdb.mysql;

import dev.agentdb.InvalidInputException;
import dev.agentdb.mysql.internal.MysqlUrl;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MysqlUrlTest {

    @Test
    void should_parse_every_accepted_form_into_the_url_of_its_driver() {
        for (String url : new String[] {"mysql://u:p%40ss@db.example:3307/agent?sslMode=REQUIRED", "mariadb://u:p%40ss@db.example:3307/agent?sslMode=REQUIRED",
                "jdbc:mysql://db.example:3307/agent?user=u&password=p%40ss&sslMode=REQUIRED",
                "jdbc:mariadb://db.example:3307/agent?user=u&password=p%40ss&sslMode=REQUIRED"}) {
            MysqlUrl u = MysqlUrl.parse(url);
            boolean mariadb = url.contains("mariadb:");
            assertThat(u.jdbcUrl()).as(url).isEqualTo(mariadb ? "jdbc:mariadb://db.example:3307/agent" : "jdbc:mysql://db.example:3307/agent");
            assertThat(u.mariadbDriver()).as(url).isEqualTo(mariadb);
            assertThat(u.driverClassName()).as(url).isEqualTo(mariadb ? "org.mariadb.jdbc.Driver" : "com.mysql.cj.jdbc.Driver");
            assertThat(u.database()).isEqualTo("agent");
            assertThat(u.user()).isEqualTo("u");
            assertThat(u.password()).isEqualTo("p@ss");
            assertThat(u.properties()).containsExactly(java.util.Map.entry("sslMode", "REQUIRED"));
            assertThat(u.redacted()).doesNotContain("p@ss").doesNotContain("p%40ss");
        }
    }

    @Test
    void should_default_the_port_and_keep_ipv6_hosts() {
        assertThat(MysqlUrl.parse("mysql://127.0.0.1/agent").jdbcUrl()).isEqualTo("jdbc:mysql://127.0.0.1:3306/agent");
        assertThat(MysqlUrl.parse("mysql://[::1]:3310/agent").jdbcUrl()).isEqualTo("jdbc:mysql://[::1]:3310/agent");
        assertThat(MysqlUrl.parse("mysql://u@[::1]/agent").jdbcUrl()).isEqualTo("jdbc:mysql://[::1]:3306/agent");
    }

    @Test
    void should_refuse_urls_without_a_database_or_host_or_of_another_scheme() {
        assertThatThrownBy(() -> MysqlUrl.parse("mysql://u:secret@host:3306")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("names no database").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> MysqlUrl.parse("mysql:agent")).isInstanceOf(InvalidInputException.class).hasMessageContaining("//host");
        assertThatThrownBy(() -> MysqlUrl.parse("postgresql://h/db")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> MysqlUrl.parse("mysql://h/db%zz")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void should_be_chosen_by_the_provider_for_its_schemes_only() {
        MysqlAdapterProvider p = new MysqlAdapterProvider();
        assertThat(p.handles(URI.create("mysql://h/db"))).isTrue();
        assertThat(p.handles(URI.create("mariadb://h/db"))).isTrue();
        assertThat(p.handles(URI.create("jdbc:mysql://h/db"))).isTrue();
        assertThat(p.handles(URI.create("jdbc:mariadb://h/db"))).isTrue();
        assertThat(p.handles(URI.create("postgresql://h/db"))).isFalse();
        assertThat(p.handles(URI.create("sqlite:./x.db"))).isFalse();
        assertThat(p.backendType()).isEqualTo(dev.agentdb.BackendType.MYSQL);
    }
}
