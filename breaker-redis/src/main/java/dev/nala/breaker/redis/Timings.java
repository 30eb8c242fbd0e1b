package dev.nala.breaker.redis;

import java.time.Duration;

/**
 * How long Redis operations may take and how often they are tried again. Every one is bounded,
 * and none is ever waited for on a caller's thread.
 *
 * @param connect to open a TCP (and TLS) connection
 * @param command for one command's reply, logging in included
 * @param retryFirst the pause after the first failure; doubles per failure up to {@code retryMax}
 * @param retryMax the longest pause between attempts while Redis is away
 * @param health how often the listening connection is checked with a PING
 */
record Timings(Duration connect, Duration command, Duration retryFirst, Duration retryMax, Duration health) {
    static final Timings DEFAULT = new Timings(
            Duration.ofSeconds(2),
            Duration.ofSeconds(2),
            Duration.ofMillis(500),
            Duration.ofSeconds(10),
            Duration.ofSeconds(5));

    /** The pause after {@code failures} failures in a row (at least 1). */
    long retryNanos(int failures) {
        long max = retryMax.toNanos();
        long pause = retryFirst.toNanos();
        for (int i = 1; i < failures; i++) {
            long next = Math.min(pause * 2, max);
            if (next == pause) {
                break;
            }
            pause = next;
        }
        return pause;
    }
}
