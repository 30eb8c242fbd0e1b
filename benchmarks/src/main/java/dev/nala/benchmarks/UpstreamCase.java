package dev.nala.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The clients {@link SlowUpstream} compares: Nala's standalone mode with the service's
 * load-balancing settings of each case, hand-wired Resilience4j, and a reference.
 */
enum UpstreamCase {
    /**
     * A reference, not a contender: raw OkHttp calling one fast instance only, at the same
     * callers. Its latency is what a call to a fast instance takes here, the yardstick of the
     * others' p99.
     */
    RAW_OKHTTP_FAST_ONLY("raw-okhttp-fast-only", Contender.RAW_OKHTTP, "", null),
    /**
     * Nala's default balancer: power of two choices, the lower of recent latency (a peak EWMA)
     * times requests in flight wins.
     */
    NALA_PEAK_EWMA("nala-peak-ewma", Contender.NALA_STANDALONE, "load-balancer = peak-ewma", "peak-ewma"),
    /** Power of two choices over outstanding requests. */
    NALA_LEAST_OUTSTANDING(
            "nala-least-outstanding", Contender.NALA_STANDALONE, "load-balancer = least-outstanding", null),
    NALA_ROUND_ROBIN("nala-round-robin", Contender.NALA_STANDALONE, "load-balancer = round-robin", null),
    /** Least outstanding behind the adaptive concurrency limit, with its defaults. */
    NALA_LEAST_OUTSTANDING_LIMIT(
            "nala-least-outstanding-limit",
            Contender.NALA_STANDALONE,
            "load-balancer = least-outstanding, concurrency-limit { enabled = true }",
            "concurrency-limit"),
    /**
     * OkHttp with the hand-wired Resilience4j retry and circuit breaker around round robin by hand
     * over the three instances ({@link Contender#RESILIENCE4J_ROUTED_BY_HAND}).
     */
    RESILIENCE4J_ROUND_ROBIN("resilience4j-round-robin", Contender.RESILIENCE4J_ROUTED_BY_HAND, "", null);

    private final String label;
    private final Contender contender;
    private final String serviceSettings;
    private final String newSetting;

    /**
     * @param serviceSettings the Nala settings of {@code bench-service} that make the case, in
     *     HOCON ({@link Target#serviceSettings()})
     * @param newSetting a setting the case needs that a build of Nala may not have yet, as its
     *     refusal names it; null when every build has them
     */
    UpstreamCase(String label, Contender contender, String serviceSettings, String newSetting) {
        this.label = label;
        this.contender = contender;
        this.serviceSettings = serviceSettings;
        this.newSetting = newSetting;
    }

    String label() {
        return label;
    }

    Contender contender() {
        return contender;
    }

    String serviceSettings() {
        return serviceSettings;
    }

    /** Whether it calls only one fast instance: a reference, whose instance shares mean nothing. */
    boolean isReference() {
        return this == RAW_OKHTTP_FAST_ONLY;
    }

    /** Whether {@code refusal}, a Nala configuration error, is this build not knowing the case's new setting. */
    boolean refusedAsUnknown(String refusal) {
        return newSetting != null && refusal != null && refusal.contains(newSetting);
    }

    static List<UpstreamCase> fromLabels(String labels) {
        return Arrays.stream(labels.split(","))
                .map(String::trim)
                .map(UpstreamCase::fromLabel)
                .toList();
    }

    static UpstreamCase fromLabel(String label) {
        for (UpstreamCase upstreamCase : values()) {
            if (upstreamCase.label.equals(label)) {
                return upstreamCase;
            }
        }
        throw new IllegalArgumentException("Unknown case \"" + label + "\"; expected one of "
                + Arrays.stream(values()).map(UpstreamCase::label).collect(Collectors.joining(", ")));
    }

    static String allLabels() {
        return Arrays.stream(values()).map(UpstreamCase::label).collect(Collectors.joining(","));
    }
}
