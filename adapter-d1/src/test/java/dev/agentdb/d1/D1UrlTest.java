package dev.agentdb.d1;

import dev.agentdb.AgentDBConfig;
import dev.agentdb.InvalidInputException;
import dev.agentdb.d1.internal.D1Url;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class D1UrlTest {
    private static D1Url parse(String url, Map<String, String> env) {
        return D1Url.parse(AgentDBConfig.builder(url).build(), env);
    }

    @Test
    void should_parse_account_database_and_default_endpoint() {
        D1Url u = parse("d1://acc123/0000-db", Map.of());
        assertThat(u.account()).isEqualTo("acc123");
        assertThat(u.database()).isEqualTo("0000-db");
        assertThat(u.endpoint().toString()).isEqualTo(D1Url.DEFAULT_ENDPOINT);
        assertThat(u.rawUri().toString()).isEqualTo("https://api.cloudflare.com/client/v4/accounts/acc123/d1/database/0000-db/raw");
        assertThat(u.token()).isNull();
        assertThat(u.tokenSource()).contains("no token").contains(D1Url.TOKEN_VARIABLE);
    }

    @Test
    void should_take_the_endpoint_from_the_url() {
        D1Url u = parse("d1://a/b?endpoint=http://127.0.0.1:18787/", Map.of());
        assertThat(u.databaseUri()).isEqualTo("http://127.0.0.1:18787/client/v4/accounts/a/d1/database/b");
    }

    @Test
    void should_prefer_the_url_token_then_the_property_then_the_environment() {
        Map<String, String> env = Map.of(D1Url.TOKEN_VARIABLE, "from-env");
        assertThat(parse("d1://a/b?token=from-url", env).token()).isEqualTo("from-url");
        assertThat(parse("d1://a/b", env).tokenSource()).contains(D1Url.TOKEN_VARIABLE);
        D1Url p = D1Url.parse(AgentDBConfig.builder("d1://a/b").property(D1Url.TOKEN_PROPERTY, "from-prop").build(), env);
        assertThat(p.token()).isEqualTo("from-prop");
        assertThat(p.tokenSource()).contains(D1Url.TOKEN_PROPERTY);
        assertThat(parse("d1://a/b", env).token()).isEqualTo("from-env");
    }

    @Test
    void should_never_show_the_token() {
        String secret = "s3cr3t-token-value";
        D1Url u = parse("d1://a/b?token=" + secret + "&endpoint=http://127.0.0.1:1", Map.of());
        assertThat(u.toString()).doesNotContain(secret);
        assertThat(u.redacted()).doesNotContain(secret);
        assertThat(AgentDBConfig.builder("d1://a/b?token=" + secret).build().toString()).doesNotContain(secret);
        assertThat(D1Url.redact("d1://a/b?endpoint=x&token=" + secret)).doesNotContain(secret).contains("token=***");
    }

    @Test
    void should_refuse_malformed_urls_naming_url() {
        assertThatThrownBy(() -> parse("d1://only-account", Map.of())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("d1://ACCOUNT_ID/DATABASE_ID");
        assertThatThrownBy(() -> parse("d1://a/b?colour=blue", Map.of())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("colour");
        assertThatThrownBy(() -> parse("d1://a/b?endpoint=ftp://x", Map.of())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("endpoint");
        assertThatThrownBy(() -> parse("d1://a/b?colour=1&token=zzz-secret", Map.of())).hasMessageNotContaining("zzz-secret");
        assertThat(((InvalidInputException) org.assertj.core.api.Assertions.catchThrowable(() -> parse("d1:///b", Map.of()))).field())
                .isEqualTo("url");
    }
}
