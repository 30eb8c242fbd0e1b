package dev.nala.e2e.observability;

import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.File;
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

/**
 * A real {@code redis-server} with a password on a free loopback port, in a temp dir, persisting
 * nothing (as breaker-redis's tests run it). Without the program the test is skipped, except
 * under {@code CI=true}, where it fails.
 */
final class RedisProcess implements AutoCloseable {
    private final Path program;
    private final Path dir;
    private final int port;
    private final String password;
    private Process process;

    private RedisProcess(Path program, Path dir, int port, String password) {
        this.program = program;
        this.dir = dir;
        this.port = port;
        this.password = password;
    }

    static RedisProcess start(Path dir, String password) throws IOException {
        RedisProcess redis = new RedisProcess(program(), dir, freePort(), password);
        redis.restart();
        return redis;
    }

    private static Path program() {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    candidates.add(Path.of(entry, "redis-server"));
                }
            }
        }
        candidates.add(Path.of("/usr/bin/redis-server"));
        candidates.add(Path.of("/usr/local/bin/redis-server"));
        Optional<Path> found = candidates.stream().filter(Files::isExecutable).findFirst();
        if (found.isEmpty()) {
            String message = "redis-server is not installed; install it with: apt-get install -y redis-server";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true and " + message);
            }
            Assumptions.abort(message);
        }
        return found.get();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    /** {@code redis://:<secret>@127.0.0.1:<port>}: this server with any password, right or wrong. */
    String uriWithPassword(String secret) {
        return "redis://:" + secret + "@127.0.0.1:" + port;
    }

    /** Whether {@code key} exists, asked with the right password. */
    boolean exists(String key) {
        try (Jedis jedis = client()) {
            return jedis.exists(key);
        }
    }

    private Jedis client() {
        return new Jedis(
                new HostAndPort("127.0.0.1", port),
                DefaultJedisClientConfig.builder()
                        .password(password)
                        .autoNegotiateProtocol(false)
                        .connectionTimeoutMillis(2000)
                        .socketTimeoutMillis(2000)
                        .build());
    }

    /** Starts the server (again, on the same port) and waits until it answers PING. */
    void restart() throws IOException {
        List<String> command = List.of(
                program.toString(),
                "--port",
                String.valueOf(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString(),
                "--daemonize",
                "no",
                "--requirepass",
                password);
        Path log = dir.resolve("redis-" + port + ".log");
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        await("redis-server on port " + port + " answers PING")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .ignoreExceptions()
                .until(() -> {
                    if (!process.isAlive()) {
                        fail("redis-server exited at start; see " + log);
                    }
                    try (Jedis jedis = client()) {
                        return "PONG".equals(jedis.ping());
                    }
                });
    }

    /** Kills the server at once, as a crash would, and waits for it to be gone. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                fail("redis-server on port " + port + " did not stop");
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
