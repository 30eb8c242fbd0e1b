package dev.nala.benchmarks;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * What one contender did over all its rounds at one concurrency: calls that got a {@code 200},
 * calls that did not, the time spent, the client process's CPU time, and the latency of each
 * call in nanoseconds.
 */
final class LoadStats {
    private final String client;
    private final Histogram latencyNanos = new Histogram(3);
    private long calls;
    private long errors;
    private long nanos;
    private long cpuNanos;
    private long connections;

    LoadStats(String client) {
        this.client = client;
    }

    String client() {
        return client;
    }

    /** Adds one round of one worker. */
    synchronized void add(Histogram round, long roundCalls, long roundErrors) {
        latencyNanos.add(round);
        calls += roundCalls;
        errors += roundErrors;
    }

    /**
     * Adds the wall time of one round (all its workers ran at once) and the CPU time the client's
     * process used meanwhile (every thread: callers, OkHttp's, the collector's, the JIT's).
     */
    synchronized void addTime(long roundNanos, long roundCpuNanos) {
        nanos += roundNanos;
        cpuNanos += roundCpuNanos;
    }

    /** Adds the connections the server accepted during one round. */
    synchronized void addConnections(long opened) {
        connections += opened;
    }

    /** Adds everything {@code other} counted, its connections included. */
    void add(LoadStats other) {
        Histogram otherLatencies;
        long otherCalls;
        long otherErrors;
        long otherNanos;
        long otherCpuNanos;
        long otherConnections;
        synchronized (other) {
            otherLatencies = other.latencyNanos.copy();
            otherCalls = other.calls;
            otherErrors = other.errors;
            otherNanos = other.nanos;
            otherCpuNanos = other.cpuNanos;
            otherConnections = other.connections;
        }
        synchronized (this) {
            latencyNanos.add(otherLatencies);
            calls += otherCalls;
            errors += otherErrors;
            nanos += otherNanos;
            cpuNanos += otherCpuNanos;
            connections += otherConnections;
        }
    }

    /**
     * The calls, errors, times and latencies as one line of text ({@code <calls> <errors> <nanos>
     * <cpu nanos> <histogram>}, the histogram compressed and in Base64): how a {@link LoadWorker} fork
     * reports to the parent. The connections are the parent's to count.
     */
    synchronized String toWire() {
        ByteBuffer buffer = ByteBuffer.allocate(latencyNanos.getNeededByteBufferCapacity());
        int length = latencyNanos.encodeIntoCompressedByteBuffer(buffer);
        return calls + " " + errors + " " + nanos + " " + cpuNanos + " "
                + Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }

    /**
     * Adds what another instance's {@link #toWire()} wrote.
     *
     * @throws IllegalArgumentException if {@code wire} is not such a line
     */
    synchronized void addWire(String wire) {
        String[] fields = wire.split(" ");
        if (fields.length != 5) {
            throw new IllegalArgumentException(
                    "expected <calls> <errors> <nanos> <cpu nanos> <histogram>, got \"" + wire + "\"");
        }
        try {
            latencyNanos.add(Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(fields[4])), 0));
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("not a compressed histogram: " + e.getMessage(), e);
        }
        calls += Long.parseLong(fields[0]);
        errors += Long.parseLong(fields[1]);
        nanos += Long.parseLong(fields[2]);
        cpuNanos += Long.parseLong(fields[3]);
    }

    synchronized Summary summary() {
        return new Summary(
                client,
                calls,
                errors,
                connections,
                nanos / 1e9,
                cpuNanos / 1e9,
                latencyNanos.getValueAtPercentile(50) / 1e3,
                latencyNanos.getValueAtPercentile(99) / 1e3,
                latencyNanos.getValueAtPercentile(99.9) / 1e3);
    }

    /**
     * @param connections new connections the server accepted during the rounds
     * @param seconds wall time of all rounds together
     * @param cpuSeconds CPU time of the client's process during those rounds
     * @param p50Micros median latency, microseconds (likewise p99, p999)
     */
    record Summary(
            String client,
            long calls,
            long errors,
            long connections,
            double seconds,
            double cpuSeconds,
            double p50Micros,
            double p99Micros,
            double p999Micros) {

        double callsPerSecond() {
            return seconds <= 0 ? 0 : calls / seconds;
        }

        /** The client's CPU time per successful call, microseconds: what the client costs the machine. */
        double cpuMicrosPerCall() {
            return calls == 0 ? 0 : cpuSeconds * 1e6 / calls;
        }

        /** Why this run cannot be trusted, or null: failed calls, or no successful call at all. */
        String problem() {
            if (errors > 0) {
                return client + ": " + errors + " failed call(s)";
            }
            if (calls == 0) {
                return client + ": no successful call";
            }
            return null;
        }
    }
}
