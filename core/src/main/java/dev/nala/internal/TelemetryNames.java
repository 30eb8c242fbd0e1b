package dev.nala.internal;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The names every part of Nala reports telemetry under (see {@code docs/observability.md}): one
 * instrumentation scope, and the attribute keys Nala adds to the OpenTelemetry HTTP conventions.
 */
public final class TelemetryNames {
    /** The tracer and meter name: {@code openTelemetry.getTracer(SCOPE)}, {@code getMeter(SCOPE)}. */
    public static final String SCOPE = "dev.nala";

    /** The logical service a call or a measurement is about, e.g. {@code payment-service}. */
    public static final AttributeKey<String> SERVICE = AttributeKey.stringKey("nala.service");

    /** The deployment mode in force: {@code standalone} or {@code mesh}; on every metric. */
    public static final AttributeKey<String> DEPLOYMENT_MODE = AttributeKey.stringKey("nala.deployment_mode");

    private TelemetryNames() {}
}
