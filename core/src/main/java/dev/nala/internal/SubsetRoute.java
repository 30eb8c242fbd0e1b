package dev.nala.internal;

import io.opentelemetry.api.common.Attributes;

/**
 * One subset of one service that calls are routed to (canary routing, standalone), with its
 * telemetry attributes built once, so a routed call allocates none.
 *
 * @param index the subset's position among its service's subsets
 */
public record SubsetRoute(
        String service,
        String name,
        int index,
        Attributes served,
        Attributes fellBack,
        Attributes servedWithService,
        Attributes fellBackWithService) {

    /** @param mode for {@code nala.deployment_mode} */
    public static SubsetRoute of(String service, String mode, String name, int index) {
        Attributes served = Attributes.of(TelemetryNames.SUBSET, name, TelemetryNames.SUBSET_FALLBACK, false);
        Attributes fellBack = Attributes.of(TelemetryNames.SUBSET, name, TelemetryNames.SUBSET_FALLBACK, true);
        Attributes serviceOnly = Attributes.of(TelemetryNames.SERVICE, service, TelemetryNames.DEPLOYMENT_MODE, mode);
        return new SubsetRoute(
                service,
                name,
                index,
                served,
                fellBack,
                serviceOnly.toBuilder().putAll(served).build(),
                serviceOnly.toBuilder().putAll(fellBack).build());
    }

    /** {@code nala.subset} and {@code nala.subset.fallback}. */
    public Attributes attributes(boolean fallback) {
        return fallback ? fellBack : served;
    }

    /** Those two with {@code nala.service} and {@code nala.deployment_mode}. */
    public Attributes withService(boolean fallback) {
        return fallback ? fellBackWithService : servedWithService;
    }
}
