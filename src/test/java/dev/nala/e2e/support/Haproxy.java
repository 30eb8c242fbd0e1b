package dev.nala.e2e.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real HAProxy standing in for a service mesh sidecar: it listens on loopback and forwards to
 * one upstream, retrying at layer 7 the way an Envoy sidecar with a retry policy does.
 */
public final class Haproxy implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private Haproxy(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * A plain-HTTP sidecar: {@code retries} retries (so {@code retries + 1} tries) on 503 and
     * connection failures, to the upstream on {@code upstreamPort}.
     */
    public static Haproxy sidecar(Path workDir, int upstreamPort, int retries) throws IOException {
        int port = LocalProcess.freePort();
        return start(workDir, port, config("bind 127.0.0.1:" + port, upstreamPort, retries));
    }

    /**
     * A sidecar that terminates TLS with {@code certificateAndKeyPem} (certificate chain followed
     * by the private key) and forwards plain HTTP to the upstream, without retries.
     */
    public static Haproxy tlsTerminating(Path workDir, Path certificateAndKeyPem, int upstreamPort) throws IOException {
        int port = LocalProcess.freePort();
        return start(workDir, port, config("bind 127.0.0.1:" + port + " ssl crt " + certificateAndKeyPem, upstreamPort, 0));
    }

    private static String config(String bind, int upstreamPort, int retries) {
        return String.join("\n",
                "global",
                "  log stderr format raw local0 info",
                "defaults",
                "  mode http",
                "  log global",
                "  option httplog",
                "  timeout connect 2s",
                "  timeout client 30s",
                "  timeout server 30s",
                "  retries " + retries,
                "  retry-on 503 conn-failure empty-response",
                "frontend sidecar",
                "  " + bind,
                "  default_backend upstream",
                "backend upstream",
                "  server app 127.0.0.1:" + upstreamPort,
                "");
    }

    private static Haproxy start(Path workDir, int port, String config) throws IOException {
        Path binary = LocalProcess.require("haproxy", "haproxy");
        Path configFile = workDir.resolve("haproxy-" + port + ".cfg");
        Path log = workDir.resolve("haproxy-" + port + ".log");
        Files.writeString(configFile, config);
        Process process = LocalProcess.start(List.of(binary.toString(), "-db", "-f", configFile.toString()), log);
        LocalProcess.awaitListening(process, port, Duration.ofSeconds(10), log);
        return new Haproxy(process, port, log);
    }

    /** The loopback port the sidecar listens on. */
    public int port() {
        return port;
    }

    /** What HAProxy logged, for failure messages. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        LocalProcess.stop(process);
    }
}
