package dev.nala.e2e.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The port a test server of ours bound to port 0 and printed as {@code listening on <port>}: no
 * free-port guess, so no race with another process taking it first.
 */
public final class PrintedPort {
    private static final Pattern LISTENING = Pattern.compile("(?m)^listening on (\\d+)\\s*$");

    private PrintedPort() {}

    /** Waits until the process has printed its port to {@code log}, or fails with what it printed. */
    public static int await(Process process, Path log, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String output = Files.exists(log) ? Files.readString(log) : "";
            Matcher matcher = LISTENING.matcher(output);
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("process exited with " + process.exitValue() + ": " + output);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        LocalProcess.stop(process);
        throw new IllegalStateException(
                "no 'listening on <port>' line within " + timeout + ": " + Files.readString(log));
    }
}
