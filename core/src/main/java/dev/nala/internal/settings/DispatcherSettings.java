package dev.nala.internal.settings;

/**
 * How many {@code enqueue()} calls the factory's client runs at once ({@code nala.dispatcher.*}).
 *
 * @param maxRequestsPerHost per URL host, so per service for logical services
 */
public record DispatcherSettings(int maxRequests, int maxRequestsPerHost) {
    static final int LIMIT = 100_000;

    static DispatcherSettings read(SettingsReader dispatcher) {
        return new DispatcherSettings(
                dispatcher.intBetween("max-requests", 1, LIMIT),
                dispatcher.intBetween("max-requests-per-host", 1, LIMIT));
    }
}
