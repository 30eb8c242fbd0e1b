package dev.nala.spi;

import dev.nala.Environment;
import dev.nala.internal.settings.NalaSettings;
import io.opentelemetry.api.OpenTelemetry;

/**
 * What a mode gets from the factory when it starts.
 *
 * @param settings all of Nala's settings, already validated
 * @param openTelemetry where spans, metrics and propagators come from
 * @param environment where environment variables and system properties are read
 */
public record ModeContext(NalaSettings settings, OpenTelemetry openTelemetry, Environment environment) {}
