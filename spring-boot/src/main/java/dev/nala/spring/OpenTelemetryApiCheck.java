package dev.nala.spring;

import dev.nala.NalaConfigurationException;
import io.opentelemetry.api.GlobalOpenTelemetry;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Fails early, with the fix, when the OpenTelemetry API on the class path is older than the one
 * Nala is built with. Spring Boot's dependency management pins its own {@code opentelemetry.version}
 * (1.55.0 in Boot 4.0), which would otherwise surface as a {@code NoSuchMethodError} from deep
 * inside the factory.
 */
final class OpenTelemetryApiCheck {
    private OpenTelemetryApiCheck() {}

    static void check() {
        try {
            GlobalOpenTelemetry.class.getMethod("getOrNoop");
        } catch (NoSuchMethodException e) {
            String version = GlobalOpenTelemetry.class.getPackage().getImplementationVersion();
            throw new NalaConfigurationException(
                    "The OpenTelemetry API on the class path ("
                            + (version != null ? "io.opentelemetry:opentelemetry-api " + version : "an older version")
                            + ") is older than the one Nala is built with; Spring Boot's dependency management pins"
                            + " opentelemetry.version. Fix: set the Maven property <opentelemetry.version> to "
                            + builtWith()
                            + " (see docs/frameworks.md), or import io.opentelemetry:opentelemetry-bom before"
                            + " spring-boot-dependencies; with Gradle, platform(\"io.opentelemetry:opentelemetry-bom:<version>\")");
        }
    }

    /** The version Nala is built with, from a resource the build writes. */
    static String builtWith() {
        Properties built = new Properties();
        try (InputStream in = OpenTelemetryApiCheck.class.getResourceAsStream("built-with.properties")) {
            if (in != null) {
                built.load(in);
            }
        } catch (IOException e) {
            // the message then names no number
        }
        return built.getProperty("opentelemetry.version", "Nala's");
    }
}
