package dev.nala.breaker.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nala.NalaConfigurationException;
import dev.nala.internal.settings.Secret;
import org.junit.jupiter.api.Test;

class RedisAddressTest {

    private static RedisAddress parse(String uri) {
        return RedisAddress.parse(Secret.of(uri));
    }

    @Test
    void showsSchemeHostPortAndDatabaseButNeverCredentials() {
        assertThat(parse("redis://127.0.0.1")).hasToString("redis://127.0.0.1:6379");
        assertThat(parse("redis://:s3cr%3At@cache.internal:6380/2")).hasToString("redis://cache.internal:6380/2");
        assertThat(parse("rediss://app:s3cret@cache.internal")).hasToString("rediss://cache.internal:6379");
        assertThat(parse("redis://[::1]:7000")).hasToString("redis://[::1]:7000");
    }

    @Test
    void redactsThePasswordDecodedAsRedisGetsIt() {
        RedisAddress address = parse("redis://:s3cr%3At@127.0.0.1:6380");

        assertThat(address.redact("AUTH s3cr:t failed")).isEqualTo("AUTH <redacted> failed");
        assertThat(parse("redis://onlypassword@127.0.0.1").redact("onlypassword"))
                .isEqualTo("<redacted>");
    }

    @Test
    void badUrisFailWithoutShowingTheValue() {
        for (String bad : new String[] {
            "http://:hunter2@127.0.0.1:6379",
            "redis://:hunter2@127.0.0.1:6379/not-a-db",
            "redis://:hunter2@127.0.0.1:6379?timeout=1",
            "redis:// :hunter2@bad host",
            "redis:///0"
        }) {
            assertThatThrownBy(() -> parse(bad))
                    .as(bad)
                    .isInstanceOf(NalaConfigurationException.class)
                    .hasMessageContaining("Invalid Redis URI in nala.redis.uri or env NALA_REDIS_URI")
                    .hasMessageNotContaining("hunter2");
        }
    }
}
