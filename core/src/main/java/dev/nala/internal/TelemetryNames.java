package dev.nala.internal;

import io.opentelemetry.api.common.AttributeKey;

/** The instrumentation scope and the attribute keys Nala adds (docs/observability.md). */
public final class TelemetryNames {
    public static final String SCOPE = "dev.nala";

    /** E.g. {@code payment-service}. */
    public static final AttributeKey<String> SERVICE = AttributeKey.stringKey("nala.service");

    /** {@code standalone} or {@code mesh}; on every metric. */
    public static final AttributeKey<String> DEPLOYMENT_MODE = AttributeKey.stringKey("nala.deployment_mode");

    /** The subset a canary-routed call was sent to (standalone): the one chosen, also when it fell back. */
    public static final AttributeKey<String> SUBSET = AttributeKey.stringKey("nala.subset");

    /** Whether that subset had no healthy instance, so the call went to the rest of the service. */
    public static final AttributeKey<Boolean> SUBSET_FALLBACK = AttributeKey.booleanKey("nala.subset.fallback");

    private TelemetryNames() {}
}
