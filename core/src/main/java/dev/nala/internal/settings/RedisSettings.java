package dev.nala.internal.settings;

import dev.nala.Environment;
import dev.nala.NalaConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Where shared circuit-breaker state lives ({@code nala.redis.*}).
 *
 * @param uri may hold a password; {@code NALA_REDIS_URI} wins over the key
 */
public record RedisSettings(Secret uri, String keyPrefix) {
    static final String URI_ENV = NalaVariables.REDIS_URI;

    static RedisSettings read(SettingsReader redis, Environment environment) {
        Optional<String> fromEnv = environment.nonBlankVariable(URI_ENV);
        String raw = fromEnv.orElseGet(() -> redis.string("uri"));
        String source = fromEnv.isPresent()
                ? "env " + URI_ENV
                : "config key " + redis.path("uri") + " (" + redis.origin("uri") + ")";
        if (!isRedisUri(raw)) {
            throw new NalaConfigurationException(
                    "Invalid Redis URI from " + source
                            + ": expected redis://[:password@]host:port or rediss://...; the value may hold a password and is not shown");
        }
        String prefix = redis.string("key-prefix");
        if (!prefix.matches("[A-Za-z0-9_.:-]{1,64}")) {
            redis.report("key-prefix", "1-64 letters, digits, '_', '.', ':' or '-'");
        }
        return new RedisSettings(Secret.of(raw), prefix);
    }

    private static boolean isRedisUri(String raw) {
        try {
            URI uri = new URI(raw.trim());
            return ("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
