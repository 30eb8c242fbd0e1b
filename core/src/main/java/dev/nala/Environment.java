package dev.nala;

import java.util.Map;
import java.util.Optional;

/**
 * Where Nala reads environment variables and system properties.
 *
 * <p>Every such read in Nala goes through this seam, so tests and embedding applications can
 * supply their own values without touching the real process environment. The default is
 * {@link #system()}.
 */
public interface Environment {

    /** @return the environment variable's value, if it is set */
    Optional<String> variable(String name);

    /** @return the JVM system property's value, if it is set */
    Optional<String> systemProperty(String name);

    /**
     * The environment variable's value, unless it is unset, empty or only whitespace: Nala treats
     * an empty variable as unset, since that is what a Helm chart or a Compose file renders for a
     * value nobody filled in.
     */
    default Optional<String> nonBlankVariable(String name) {
        return variable(name).filter(value -> !value.isBlank());
    }

    /** The real process environment and JVM system properties. */
    static Environment system() {
        return new Environment() {
            @Override
            public Optional<String> variable(String name) {
                return Optional.ofNullable(System.getenv(name));
            }

            @Override
            public Optional<String> systemProperty(String name) {
                return Optional.ofNullable(System.getProperty(name));
            }
        };
    }

    /** Fixed environment variables and no system properties. */
    static Environment of(Map<String, String> variables) {
        return of(variables, Map.of());
    }

    /** Fixed environment variables and system properties; nothing is read from the process. */
    static Environment of(Map<String, String> variables, Map<String, String> systemProperties) {
        Map<String, String> vars = Map.copyOf(variables);
        Map<String, String> props = Map.copyOf(systemProperties);
        return new Environment() {
            @Override
            public Optional<String> variable(String name) {
                return Optional.ofNullable(vars.get(name));
            }

            @Override
            public Optional<String> systemProperty(String name) {
                return Optional.ofNullable(props.get(name));
            }
        };
    }
}
