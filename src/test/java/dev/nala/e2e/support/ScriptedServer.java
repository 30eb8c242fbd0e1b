package dev.nala.e2e.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real third-party HTTP server implementation (Node.js's {@code http} module, Python's
 * {@code http.server}) run by a small script of ours from the test resources
 * ({@code real-servers/}), copied to the test's directory. The script binds a loopback port of
 * the kernel's choosing, prints it ({@link PrintedPort}), answers every request with 200 and logs
 * it to a {@link RequestLog}.
 */
public final class ScriptedServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final RequestLog requests;

    private ScriptedServer(Process process, int port, RequestLog requests) {
        this.process = process;
        this.port = port;
        this.requests = requests;
    }

    /**
     * Node.js {@code http.createServer} with Node's default keep-alive settings: an idle connection
     * is closed 5 s after its last response, announced as {@code Keep-Alive: timeout=5} (newer Node
     * versions wait 1 s longer than they announce).
     */
    public static ScriptedServer nodeWithDefaultKeepAlive(Path workDir) throws IOException {
        return start(workDir, "node", "nodejs", List.of(), "counting_server.js");
    }

    /**
     * Python's {@code http.server} with the semantics of {@code python3 -m http.server}: HTTP/1.0
     * answers with a {@code Content-Length} and no {@code Connection} header, each connection closed
     * after one response; unlike {@code http.server} itself it answers POST too.
     */
    public static ScriptedServer pythonHttp10(Path workDir) throws IOException {
        // -u: unbuffered, so every request line is in the log as soon as it is answered.
        return start(workDir, "python3", "python3", List.of("-u"), "http10_server.py");
    }

    private static ScriptedServer start(
            Path workDir, String program, String debianPackage, List<String> options, String scriptName)
            throws IOException {
        Path interpreter = LocalProcess.require(program, debianPackage);
        Path script = workDir.resolve(scriptName);
        try (InputStream source = ScriptedServer.class.getResourceAsStream("/real-servers/" + scriptName)) {
            Files.copy(source, script);
        }
        Path log = workDir.resolve(scriptName + ".log");
        List<String> command = new ArrayList<>();
        command.add(interpreter.toString());
        command.addAll(options);
        command.add(script.toString());
        Process process = LocalProcess.start(command, log);
        int port = PrintedPort.await(process, log, Duration.ofSeconds(10));
        return new ScriptedServer(process, port, new RequestLog(log));
    }

    public int port() {
        return port;
    }

    /** The requests the server logged. */
    public RequestLog requests() {
        return requests;
    }

    @Override
    public void close() {
        LocalProcess.stop(process);
    }
}
