package dev.nala.internal.settings;

import java.time.Duration;

/**
 * How many idle keep-alive connections the factory's client keeps, and for how long
 * ({@code nala.connection-pool.*}).
 *
 * @param maxIdle idle connections kept across all hosts; more are closed as they fall idle
 * @param keepAlive how long an idle connection is kept before it is closed
 */
public record ConnectionPoolSettings(int maxIdle, Duration keepAlive) {
    static final int MAX_IDLE_LIMIT = 10_000;

    static ConnectionPoolSettings read(SettingsReader pool) {
        return new ConnectionPoolSettings(
                pool.intBetween("max-idle", 0, MAX_IDLE_LIMIT),
                pool.duration("keep-alive", Duration.ofSeconds(1), Duration.ofHours(1)));
    }
}
