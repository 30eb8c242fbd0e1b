package dev.nala.internal.settings;

/**
 * How many calls made with {@code enqueue()} the factory's client runs at once
 * ({@code nala.dispatcher.*}); {@code execute()} calls run on the caller's thread and are not
 * counted.
 *
 * @param maxRequests calls in flight at once, every host together
 * @param maxRequestsPerHost calls in flight at once to one URL host: a logical service's calls all
 *     have its name as host ({@code http://inventory/...}), so for them this is per service
 */
public record DispatcherSettings(int maxRequests, int maxRequestsPerHost) {
    static final int LIMIT = 100_000;

    static DispatcherSettings read(SettingsReader dispatcher) {
        return new DispatcherSettings(
                dispatcher.intBetween("max-requests", 1, LIMIT),
                dispatcher.intBetween("max-requests-per-host", 1, LIMIT));
    }
}
