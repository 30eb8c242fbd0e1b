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

    long nextRetryNanos(long previousNanos) {
        if (previousNanos <= 0) {
            return retryFirst.toNanos();
        }
        return Math.min(previousNanos * 2, retryMax.toNanos());
    }
}
