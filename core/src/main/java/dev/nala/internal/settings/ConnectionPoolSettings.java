package dev.nala.internal.settings;

import java.time.Duration;

/** The factory client's idle keep-alive connections ({@code nala.connection-pool.*}). */
public record ConnectionPoolSettings(int maxIdle, Duration keepAlive) {
    static final int MAX_IDLE_LIMIT = 10_000;

    static ConnectionPoolSettings read(SettingsReader pool) {
        return new ConnectionPoolSettings(
                pool.intBetween("max-idle", 0, MAX_IDLE_LIMIT),
                pool.duration("keep-alive", Duration.ofSeconds(1), Duration.ofHours(1)));
    }
}
