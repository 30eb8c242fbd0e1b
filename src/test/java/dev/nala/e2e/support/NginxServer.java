package dev.nala.e2e.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real nginx on loopback, in the foreground, with everything it writes (pid file, logs, temp
 * directories) under the test's directory. Every location answers GET and POST alike with 200 and
 * a small body ({@code return}: nginx answers 405 to a POST on a static file). Each request is
 * logged to a {@link RequestLog} with nginx's connection serial number.
 */
public final class NginxServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final RequestLog requests;
    private final Path output;

    private NginxServer(Process process, int port, RequestLog requests, Path output) {
        this.process = process;
        this.port = port;
        this.requests = requests;
        this.output = output;
    }

    /**
     * Starts nginx with the given keep-alive settings: {@code keepalive_timeout} (how long an idle
     * connection is kept) and {@code keepalive_requests} (requests per connection; the last
     * response says {@code Connection: close}).
     */
    public static NginxServer start(Path workDir, Duration keepAliveTimeout, int keepAliveRequests) throws IOException {
        Path binary = LocalProcess.require("nginx", "nginx-light");
        int port = LocalProcess.freePort();
        Path dir = Files.createDirectories(workDir.resolve("nginx-" + port));
        Path accessLog = dir.resolve("access.log");
        Path config = dir.resolve("nginx.conf");
        Files.writeString(config, config(dir, port, accessLog, keepAliveTimeout, keepAliveRequests));
        Path output = dir.resolve("nginx.out");
        // -e stderr: messages written before the configuration is read go to the output too,
        // not to the packaged default log file, which a non-root user cannot open.
        Process process = LocalProcess.start(
                List.of(binary.toString(), "-p", dir + "/", "-c", config.toString(), "-e", "stderr"), output);
        LocalProcess.awaitListening(process, port, Duration.ofSeconds(10), output);
        return new NginxServer(process, port, new RequestLog(accessLog), output);
    }

    private static String config(Path dir, int port, Path accessLog, Duration keepAliveTimeout, int keepAliveRequests) {
        return String.join(
                "\n",
                // The workers would otherwise run as nobody, who cannot enter a root-owned test
                // directory; as any other user nginx ignores `user` (with a warning), so say it only as root.
                "root".equals(System.getProperty("user.name")) ? "user root;" : "",
                "worker_processes 1;",
                "daemon off;",
                "pid " + dir.resolve("nginx.pid") + ";",
                "error_log stderr notice;",
                "events { worker_connections 1024; }",
                "http {",
                "  client_body_temp_path " + dir.resolve("client_body") + ";",
                "  proxy_temp_path " + dir.resolve("proxy") + ";",
                "  fastcgi_temp_path " + dir.resolve("fastcgi") + ";",
                "  uwsgi_temp_path " + dir.resolve("uwsgi") + ";",
                "  scgi_temp_path " + dir.resolve("scgi") + ";",
                "  log_format requests '$request_method $request_uri $connection';",
                "  access_log " + accessLog + " requests;",
                "  keepalive_timeout " + keepAliveTimeout.toMillis() + "ms;",
                "  keepalive_requests " + keepAliveRequests + ";",
                "  server {",
                "    listen 127.0.0.1:" + port + ";",
                "    location / {",
                "      default_type text/plain;",
                "      return 200 \"ok\\n\";",
                "    }",
                "  }",
                "}",
                "");
    }

    public int port() {
        return port;
    }

    /** The requests nginx logged (its access log). */
    public RequestLog requests() {
        return requests;
    }

    /** What nginx wrote to its output (error log), for failure messages. */
    public String output() throws IOException {
        return Files.readString(output);
    }

    @Override
    public void close() {
        LocalProcess.stop(process);
    }
}
