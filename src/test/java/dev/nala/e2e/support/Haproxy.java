package dev.nala.e2e.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HAProxy standing in for a service mesh sidecar: it listens on loopback and forwards to
 * one upstream, retrying at layer 7 the way an Envoy sidecar with a retry policy does. A
 * {@link #drainableSidecar drainable} one can be {@link #reload() reloaded} the way a sidecar is
 * on a configuration change.
 */
public final class Haproxy implements AutoCloseable {
    /** The master's line when it starts a reload. */
    private static final Pattern RELOADING = Pattern.compile("Reloading HAProxy");
    /** The master's line once a worker of the previous configuration has finished draining and exited. */
    private static final Pattern FORMER_WORKER_EXITED = Pattern.compile("Former worker \\(\\d+\\) exited");

    private final Process process;
    private final int port;
    private final Path log;
    private final boolean masterWorker;

    private Haproxy(Process process, int port, Path log, boolean masterWorker) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.masterWorker = masterWorker;
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
        return start(
                workDir, port, config("bind 127.0.0.1:" + port + " ssl crt " + certificateAndKeyPem, upstreamPort, 0));
    }

    /**
     * A plain-HTTP sidecar without retries that closes a client's keep-alive connection once it
     * has been idle for {@code clientKeepAlive} ({@code timeout http-keep-alive}), run in
     * master-worker mode so that {@link #reload()} works.
     */
    public static Haproxy drainableSidecar(Path workDir, int upstreamPort, Duration clientKeepAlive)
            throws IOException {
        int port = LocalProcess.freePort();
        String config = config(
                "bind 127.0.0.1:" + port,
                upstreamPort,
                0,
                List.of("timeout http-keep-alive " + clientKeepAlive.toMillis() + "ms"));
        return start(workDir, port, config, true);
    }

    private static String config(String bind, int upstreamPort, int retries) {
        return config(bind, upstreamPort, retries, List.of());
    }

    private static String config(String bind, int upstreamPort, int retries, List<String> moreDefaults) {
        List<String> lines = new ArrayList<>(List.of(
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
                "  retry-on 503 conn-failure empty-response"));
        moreDefaults.forEach(line -> lines.add("  " + line));
        lines.addAll(List.of(
                "frontend sidecar",
                "  " + bind,
                "  default_backend upstream",
                "backend upstream",
                "  server app 127.0.0.1:" + upstreamPort,
                ""));
        return String.join("\n", lines);
    }

    private static Haproxy start(Path workDir, int port, String config) throws IOException {
        return start(workDir, port, config, false);
    }

    private static Haproxy start(Path workDir, int port, String config, boolean masterWorker) throws IOException {
        Path binary = LocalProcess.require("haproxy", "haproxy");
        Path configFile = workDir.resolve("haproxy-" + port + ".cfg");
        Path log = workDir.resolve("haproxy-" + port + ".log");
        Files.writeString(configFile, config);
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        if (masterWorker) {
            // -W: a master process that, on SIGUSR2, starts a worker with the configuration read
            // again and soft-stops the old one, as the haproxy systemd unit's reload does.
            command.add("-W");
        }
        command.addAll(List.of("-db", "-f", configFile.toString()));
        Process process = LocalProcess.start(command, log);
        LocalProcess.awaitListening(process, port, Duration.ofSeconds(10), log);
        return new Haproxy(process, port, log, masterWorker);
    }

    /**
     * Reloads a {@link #drainableSidecar drainable} sidecar (SIGUSR2 to its master) and waits
     * until the worker of the previous configuration has exited: a new worker takes over the
     * listening socket at once, and the old one closes its idle keep-alive connections at once
     * (HAProxy's soft stop without {@code close-spread-time}), finishes any request in flight
     * and exits. Returns how long that took.
     */
    public Duration reload() throws IOException {
        if (!masterWorker) {
            throw new IllegalStateException("only a drainableSidecar runs in master-worker mode and can reload");
        }
        long started = System.nanoTime();
        long deadline = started + TimeUnit.SECONDS.toNanos(10);
        int reloadsBefore = count(RELOADING);
        int exitedBefore = count(FORMER_WORKER_EXITED);
        try {
            signalReload();
            long signalled = System.nanoTime();
            while (count(FORMER_WORKER_EXITED) == exitedBefore) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(
                            "HAProxy's master exited with " + process.exitValue() + " while reloading: " + log());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("HAProxy did not finish reloading within 10s: " + log());
                }
                // A master still starting up drops a SIGUSR2 without a word (HAProxy 2.6, in the
                // moments after it logged "Loading success."): signal again until it says it reloads.
                if (count(RELOADING) == reloadsBefore && System.nanoTime() - signalled > TimeUnit.SECONDS.toNanos(1)) {
                    signalReload();
                    signalled = System.nanoTime();
                }
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while HAProxy reloaded", e);
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private void signalReload() throws IOException, InterruptedException {
        // The shell's kill builtin: the JDK sends no signal but SIGTERM and SIGKILL.
        Process kill = new ProcessBuilder("sh", "-c", "kill -s USR2 " + process.pid())
                .redirectErrorStream(true)
                .start();
        if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("could not signal HAProxy's master " + process.pid() + ": "
                    + new String(kill.getInputStream().readAllBytes()));
        }
    }

    private int count(Pattern line) throws IOException {
        Matcher matcher = line.matcher(log());
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
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
