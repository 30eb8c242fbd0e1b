package dev.nala.internal;

import io.opentelemetry.api.common.AttributeKey;

/** The instrumentation scope and the attribute keys Nala adds (docs/observability.md). */
public final class TelemetryNames {
    public static final String SCOPE = "dev.nala";

    /** E.g. {@code payment-service}. */
    public static final AttributeKey<String> SERVICE = AttributeKey.stringKey("nala.service");

    /** {@code standalone} or {@code mesh}; on every metric. */
    public static final AttributeKey<String> DEPLOYMENT_MODE = AttributeKey.stringKey("nala.deployment_mode");

    private TelemetryNames() {}
}
