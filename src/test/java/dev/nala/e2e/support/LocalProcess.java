package dev.nala.e2e.support;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Finding, starting and waiting for the real local processes the end-to-end tests use. */
public final class LocalProcess {
    private LocalProcess() {}

    /**
     * The executable, from PATH or the usual Debian locations. Under {@code CI=true} a missing
     * program fails the test loudly; elsewhere the test is skipped with the command that installs it.
     */
    public static Path require(String program, String debianPackage) {
        return require(program, debianPackage, System.getenv("CI"));
    }

    /** {@link #require(String, String)} with the value of {@code CI} given (null: unset). */
    static Path require(String program, String debianPackage, String ci) {
        Optional<Path> found = find(program);
        if (found.isPresent()) {
            return found.get();
        }
        String message = program + " is not installed; install it with: sudo apt-get install -y " + debianPackage;
        if (ci != null && ci.trim().equalsIgnoreCase("true")) {
            fail(message + " (CI=true: end-to-end tests must run)");
        }
        assumeTrue(false, message);
        throw new AssertionError("unreachable");
    }

    static Optional<Path> find(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir :
                (path + File.pathSeparator + "/usr/sbin" + File.pathSeparator + "/usr/bin").split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** A loopback port that was free a moment ago, for programs that cannot report the port they bound. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port", e);
        }
    }

    /** Starts a program with its output in {@code log}. */
    public static Process start(List<String> command, Path log) throws IOException {
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** Waits until something accepts connections on the loopback port, or fails with the program's log. */
    public static void awaitListening(Process process, int port, Duration timeout, Path log) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "process exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(25);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException(
                "nothing listened on port " + port + " within " + timeout + ": " + Files.readString(log));
    }

    /** Stops a process and waits (bounded) for it to go. */
    public static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
