package dev.nala.breaker.redis.testing;

import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;

/**
 * A real {@code redis-server} on a free loopback port, in a temp dir, persisting nothing. Without
 * the program the test is skipped, except under {@code CI=true}, where it fails. Shared with the
 * end-to-end tests through this module's test-jar.
 */
public final class RedisServer implements AutoCloseable {
    private static final List<Path> KNOWN_PLACES = List.of(
            Path.of("/usr/bin/redis-server"),
            Path.of("/usr/sbin/redis-server"),
            Path.of("/usr/local/bin/redis-server"));

    public static final String TRUST_STORE_PASSWORD = "test-store";

    private final Path program;
    private final Path dir;
    private final int port;
    private final String password;
    private final List<String> tlsArguments;
    private final Path trustStore;
    private Process process;

    private RedisServer(Path program, Path dir, int port, String password, List<String> tlsArguments, Path trustStore) {
        this.program = program;
        this.dir = dir;
        this.port = port;
        this.password = password;
        this.tlsArguments = tlsArguments;
        this.trustStore = trustStore;
    }

    /** Starts a server; {@code password} may be null for none. */
    public static RedisServer start(Path dir, String password) throws IOException {
        RedisServer server = new RedisServer(program(), dir, freePort(), password, List.of(), null);
        server.restart();
        return server;
    }

    /**
     * Starts a server that speaks only TLS, with this certificate and key (PEM files).
     *
     * @param trustStore a PKCS12 file (password {@link #TRUST_STORE_PASSWORD}) with the CA that signed it
     */
    public static RedisServer startTls(Path dir, String password, Path certificate, Path key, Path trustStore)
            throws IOException {
        List<String> tls = List.of(
                "--tls-cert-file",
                certificate.toString(),
                "--tls-key-file",
                key.toString(),
                "--tls-auth-clients",
                "no");
        RedisServer server = new RedisServer(program(), dir, freePort(), password, tls, trustStore);
        server.restart();
        return server;
    }

    /** The program, or the test is skipped (failed under CI=true) with how to install it. */
    public static Path program() {
        Optional<Path> found = findProgram();
        if (found.isEmpty()) {
            String message = "redis-server is not installed; install it with: apt-get install -y redis-server";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true and " + message);
            }
            Assumptions.abort(message);
        }
        return found.get();
    }

    private static Optional<Path> findProgram() {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(java.io.File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    candidates.add(Path.of(entry, "redis-server"));
                }
            }
        }
        candidates.addAll(KNOWN_PLACES);
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    /** {@code redis://[:password@]127.0.0.1:port} with this server's password, if any. */
    public String uri() {
        return uriWithPassword(password);
    }

    public String uriWithPassword(String secret) {
        return "redis://" + (secret == null ? "" : ":" + secret + "@") + "127.0.0.1:" + port;
    }

    /** A plain client for the test itself, to write keys and messages. */
    public Jedis client() {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .password(password)
                .autoNegotiateProtocol(false)
                .connectionTimeoutMillis(2000)
                .socketTimeoutMillis(2000);
        if (trustStore != null) {
            config.sslOptions(SslOptions.builder()
                    .sslVerifyMode(SslVerifyMode.CA) // the test's client skips the name
                    .truststore(trustStore.toFile(), TRUST_STORE_PASSWORD.toCharArray())
                    .build());
        }
        return new Jedis(new HostAndPort("127.0.0.1", port), config.build());
    }

    /** Starts the server (again, on the same port) and waits until it answers PING. */
    public void restart() throws IOException {
        List<String> command = new ArrayList<>(List.of(
                program.toString(),
                "--port",
                tlsArguments.isEmpty() ? String.valueOf(port) : "0",
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString(),
                "--daemonize",
                "no"));
        if (!tlsArguments.isEmpty()) {
            command.add("--tls-port");
            command.add(String.valueOf(port));
            command.addAll(tlsArguments);
        }
        if (password != null) {
            command.add("--requirepass");
            command.add(password);
        }
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis-" + port + ".log").toFile())
                .start();
        await("redis-server on port " + port + " answers PING")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .ignoreExceptions()
                .until(() -> {
                    if (!process.isAlive()) {
                        fail("redis-server exited at start; see " + dir.resolve("redis-" + port + ".log"));
                    }
                    try (Jedis jedis = client()) {
                        return "PONG".equals(jedis.ping());
                    }
                });
    }

    /** Kills the server at once (as a crash would) and waits for it to be gone. */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                fail("redis-server on port " + port + " did not stop");
            }
        }
    }

    @Override
    public void close() {
        try {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
