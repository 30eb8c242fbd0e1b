package dev.nala.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The parent's handle on one {@link LoadWorker}: the same JVM (options and class path) running
 * one contender, which it tells to warm up or to run a round, and waits for.
 */
final class LoadFork implements AutoCloseable {
    private final Contender contender;
    private final Process process;
    private final Writer commands;
    private final BufferedReader answers;

    private LoadFork(Contender contender, Process process) {
        this.contender = contender;
        this.process = process;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts the contender's JVM, making its calls with {@code api}, and waits until its client is built. */
    static LoadFork start(Contender contender, int port, int maxConcurrency, CallApi api) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(LoadWorker.class.getName());
        command.addAll(List.of(
                "--client",
                contender.label(),
                "--port",
                Integer.toString(port),
                "--max-concurrency",
                Integer.toString(maxConcurrency),
                "--api",
                api.option()));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        LoadFork fork = new LoadFork(contender, process);
        try {
            fork.expect("READY");
        } catch (IOException e) {
            // Nobody will close a fork that never got ready: end it here rather than leave it running.
            process.destroyForcibly();
            throw e;
        }
        return fork;
    }

    Contender contender() {
        return contender;
    }

    /** Calls for {@code millis} at {@code concurrency}, recording nothing. */
    void warm(int concurrency, long millis) throws IOException {
        send("WARM " + concurrency + " " + millis);
        expect("WARM");
    }

    /** Calls for {@code millis} at {@code concurrency} and returns what the calls did. */
    LoadStats round(int concurrency, long millis) throws IOException {
        send("ROUND " + concurrency + " " + millis);
        String answer = expect("RESULT ");
        LoadStats stats = new LoadStats(contender.label());
        stats.addWire(answer.substring("RESULT ".length()));
        return stats;
    }

    private void send(String command) throws IOException {
        commands.write(command + "\n");
        commands.flush();
    }

    private String expect(String prefix) throws IOException {
        return nextAnswer(answers, prefix, contender.label(), System.err);
    }

    /**
     * The next answer of the fork {@code label} on {@code answers}, which must start with
     * {@code prefix}. Other lines (the JVM's own, such as a flight recording's start-up notes) are
     * passed on to {@code others}.
     *
     * @throws IOException if the fork ended first, or gave another answer
     */
    static String nextAnswer(BufferedReader answers, String prefix, String label, PrintStream others)
            throws IOException {
        while (true) {
            String answer = answers.readLine();
            if (answer == null) {
                throw new IOException(label + "'s fork ended instead of answering " + prefix.trim());
            }
            if (answer.startsWith(prefix)) {
                return answer;
            }
            if (isAnswer(answer)) {
                throw new IOException(label + "'s fork answered \"" + answer + "\" instead of " + prefix.trim());
            }
            others.println(label + ": " + answer);
        }
    }

    private static boolean isAnswer(String line) {
        return line.equals("READY") || line.equals("WARM") || line.startsWith("RESULT ");
    }

    /** Tells the fork to exit and waits for it (a minute at most, then ends it by force). */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            send("EXIT");
        } catch (IOException e) {
            // already gone: waitFor tells how it ended
        }
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException(contender.label() + "'s fork did not exit within a minute");
        }
        if (process.exitValue() != 0) {
            throw new IOException(contender.label() + "'s fork exited with " + process.exitValue());
        }
    }
}
