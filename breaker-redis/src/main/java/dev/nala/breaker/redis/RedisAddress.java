package dev.nala.breaker.redis;

import dev.nala.NalaConfigurationException;
import dev.nala.internal.settings.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;

/**
 * Where Redis is and how to log in, parsed from {@code nala.redis.uri}. Its {@link #toString()}
 * shows only scheme, host and port; the user name and password never leave this class except
 * to Jedis.
 */
final class RedisAddress {
    private static final int DEFAULT_PORT = 6379;

    private final boolean tls;
    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final int database;
    private final Path trustStore;
    private final String trustStorePassword;

    private RedisAddress(
            boolean tls,
            String host,
            int port,
            String user,
            String password,
            int database,
            Path trustStore,
            String trustStorePassword) {
        this.tls = tls;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.database = database;
        this.trustStore = trustStore;
        this.trustStorePassword = trustStorePassword;
    }

    /**
     * Parses {@code redis://[[user]:password@]host[:port][/database]} or {@code rediss://...}.
     *
     * @throws NalaConfigurationException naming what is wrong, never showing the URI (it may hold a password)
     */
    static RedisAddress parse(Secret uri) {
        URI parsed;
        try {
            parsed = new URI(uri.reveal().trim());
        } catch (URISyntaxException e) {
            throw invalid("it is not a URI");
        }
        String scheme = parsed.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
            throw invalid("the scheme must be redis or rediss");
        }
        String host = parsed.getHost();
        if (host == null || host.isEmpty()) {
            throw invalid("it has no host");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
            throw invalid("query parameters and fragments are not supported");
        }
        int port = parsed.getPort() == -1 ? DEFAULT_PORT : parsed.getPort();
        String user = null;
        String password = null;
        String userInfo = parsed.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                password = decode(userInfo); // redis://secret@host, as redis-cli -u reads it
            } else {
                String rawUser = userInfo.substring(0, colon);
                user = rawUser.isEmpty() ? null : decode(rawUser);
                password = decode(userInfo.substring(colon + 1));
            }
            if (password != null && password.isEmpty()) {
                password = null;
            }
        }
        String path = parsed.getRawPath();
        int database = 0;
        if (path != null && !path.isEmpty() && !"/".equals(path)) {
            if (!path.matches("/[0-9]{1,4}")) {
                throw invalid("the path must be a database number such as /0");
            }
            database = Integer.parseInt(path.substring(1));
        }
        return new RedisAddress("rediss".equals(scheme), host, port, user, password, database, null, null);
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static NalaConfigurationException invalid(String why) {
        return new NalaConfigurationException("Invalid Redis URI in nala.redis.uri or env NALA_REDIS_URI: " + why
                + "; expected redis://[[user]:password@]host[:port][/database] or rediss://...;"
                + " the value may hold a password and is not shown");
    }

    /** The same address trusting the CAs in a PKCS12 file instead of the JVM's (tests: a private CA). */
    RedisAddress withTrustStore(Path file, String filePassword) {
        return new RedisAddress(tls, host, port, user, password, database, file, filePassword);
    }

    /** Opens and authenticates a connection; every read and write on it is bounded by {@code commandTimeout}. */
    Jedis connect(Duration connectTimeout, Duration commandTimeout) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(Math.toIntExact(connectTimeout.toMillis()))
                .socketTimeoutMillis(Math.toIntExact(commandTimeout.toMillis()))
                .clientName("nala-circuit-state")
                .autoNegotiateProtocol(false) // RESP2 is all we need; negotiating logs a WARN per connection
                .database(database)
                .user(user)
                .password(password);
        if (tls) {
            // FULL: the certificate must chain to a trusted CA and name the host we connect to.
            SslOptions.Builder ssl = SslOptions.builder().sslVerifyMode(SslVerifyMode.FULL);
            if (trustStore != null) {
                ssl.truststore(trustStore.toFile(), trustStorePassword.toCharArray());
            }
            config.sslOptions(ssl.build());
        }
        return new Jedis(new HostAndPort(host, port), config.build());
    }

    /** {@code text} with the password, if any, replaced: for error messages that reach a log. */
    String redact(String text) {
        if (text == null) {
            return "";
        }
        String result = text;
        if (password != null) {
            result = result.replace(password, "<redacted>");
        }
        return result;
    }

    @Override
    public String toString() {
        String shownHost = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return (tls ? "rediss" : "redis") + "://" + shownHost + ":" + port + (database == 0 ? "" : "/" + database);
    }
}
