package dev.nala;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How Nala behaves on the wire.
 *
 * <p>{@link #STANDALONE} is the smart client: the application finds, balances, retries and
 * protects its own calls. {@link #MESH} is the dumb client: a sidecar proxy (Istio, Linkerd,
 * App Mesh) does all of that, so Nala sends exactly one attempt and gets out of its way.
 */
public enum DeploymentMode {
    /** The application does its own networking resilience. The default. */
    STANDALONE("standalone", "nala-mode-standalone"),
    /** A service mesh sidecar does the networking resilience; Nala passes calls through. */
    MESH("mesh", "nala-mode-mesh");

    private final String configValue;
    private final String artifactId;

    DeploymentMode(String configValue, String artifactId) {
        this.configValue = configValue;
        this.artifactId = artifactId;
    }

    /** The value written in configuration and in {@code NALA_DEPLOYMENT_MODE}, e.g. {@code mesh}. */
    public String configValue() {
        return configValue;
    }

    /** The Maven coordinates of the module that implements this mode, e.g. {@code dev.nala:nala-mode-mesh}. */
    public String mavenCoordinates() {
        return "dev.nala:" + artifactId;
    }

    /**
     * Parses a mode name, ignoring case and surrounding whitespace.
     *
     * @param value the text to parse, e.g. {@code " Mesh "}
     * @param source where the text came from, used in the error message, e.g.
     *     {@code "env NALA_DEPLOYMENT_MODE"}
     * @throws NalaConfigurationException naming the bad value, its source and the valid values
     */
    public static DeploymentMode parse(String value, String source) {
        if (value != null) {
            String wanted = value.trim().toLowerCase(Locale.ROOT);
            for (DeploymentMode mode : values()) {
                if (mode.configValue.equals(wanted)) {
                    return mode;
                }
            }
        }
        String shown = value == null ? "null" : '"' + value + '"';
        throw new NalaConfigurationException("Invalid deployment mode " + shown + " from " + source
                + "; valid values are " + validValues() + " (case-insensitive)");
    }

    static String validValues() {
        return Arrays.stream(values()).map(DeploymentMode::configValue).collect(Collectors.joining(", "));
    }
}
