package dev.nala.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.nala.NalaConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads typed values below one configuration path and turns every bad value into a
 * {@link NalaConfigurationException} naming the full key, the value, where it was set and what
 * is allowed.
 */
final class SettingsReader {
    private final Config config;
    private final String prefix;

    SettingsReader(Config config, String prefix) {
        this.config = config;
        this.prefix = prefix;
    }

    SettingsReader at(String key) {
        return new SettingsReader(config.getConfig(key), path(key));
    }

    String prefix() {
        return prefix;
    }

    String path(String key) {
        return prefix + "." + key;
    }

    boolean isNull(String key) {
        return !config.hasPath(key);
    }

    Duration duration(String key, Duration min, Duration max) {
        Duration value;
        try {
            value = config.getDuration(key);
        } catch (ConfigException e) {
            throw invalid(key, "expected a duration such as 250ms, 2s or 1m", e);
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw invalid(key, "must be between " + written(min) + " and " + written(max), null);
        }
        return value;
    }

    /** A duration as it would be written in HOCON: 250ms, 2s, 5m, 1h (not Java's PT0.25S). */
    static String written(Duration duration) {
        long millis = duration.toMillis();
        if (!duration.equals(Duration.ofMillis(millis))) {
            return duration.toNanos() + "ns";
        }
        if (millis % 3_600_000 == 0 && millis != 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0 && millis != 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1_000 == 0) {
            return millis / 1_000 + "s";
        }
        return millis + "ms";
    }

    Optional<Duration> optionalDuration(String key, Duration min, Duration max) {
        return isNull(key) ? Optional.empty() : Optional.of(duration(key, min, max));
    }

    int intBetween(String key, int min, int max) {
        int value;
        try {
            value = config.getInt(key);
        } catch (ConfigException e) {
            throw invalid(key, "expected a whole number between " + min + " and " + max, e);
        }
        if (value < min || value > max) {
            throw invalid(key, "must be between " + min + " and " + max, null);
        }
        return value;
    }

    double doubleBetween(String key, double min, double max) {
        double value;
        try {
            value = config.getDouble(key);
        } catch (ConfigException e) {
            throw invalid(key, "expected a number between " + min + " and " + max, e);
        }
        if (!(value >= min && value <= max)) {
            throw invalid(key, "must be between " + min + " and " + max, null);
        }
        return value;
    }

    boolean bool(String key) {
        try {
            return config.getBoolean(key);
        } catch (ConfigException e) {
            throw invalid(key, "expected true or false", e);
        }
    }

    String string(String key) {
        try {
            return config.getString(key);
        } catch (ConfigException e) {
            throw invalid(key, "expected a string", e);
        }
    }

    Optional<String> optionalString(String key) {
        return isNull(key) ? Optional.empty() : Optional.of(string(key));
    }

    /** Like {@link #optionalString} but never puts the value in an error message. */
    Optional<Secret> optionalSecret(String key) {
        if (isNull(key)) {
            return Optional.empty();
        }
        ConfigValue value = config.getValue(key);
        if (value.valueType() != ConfigValueType.STRING) {
            throw new NalaConfigurationException("Invalid setting " + path(key) + " (" + origin(key)
                    + "): expected a string; the value is a secret and is not shown");
        }
        return Optional.of(new Secret(config.getString(key)));
    }

    List<String> stringList(String key) {
        try {
            return List.copyOf(config.getStringList(key));
        } catch (ConfigException e) {
            throw invalid(key, "expected a list of strings", e);
        }
    }

    List<Integer> intList(String key, int min, int max) {
        List<Integer> values;
        try {
            values = config.getIntList(key);
        } catch (ConfigException e) {
            throw invalid(key, "expected a list of whole numbers between " + min + " and " + max, e);
        }
        List<Integer> checked = new ArrayList<>(values.size());
        for (int value : values) {
            if (value < min || value > max) {
                throw invalid(key, "every entry must be between " + min + " and " + max + ", found " + value, null);
            }
            checked.add(value);
        }
        return List.copyOf(checked);
    }

    /** Reads one of an enum's constants, written in lower case with '-' for '_'. */
    <E extends Enum<E>> E choice(String key, Class<E> type) {
        String raw = string(key);
        String wanted = raw.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(wanted)) {
                return constant;
            }
        }
        throw invalid(key, "valid values are " + choices(type), null);
    }

    static <E extends Enum<E>> String choices(Class<E> type) {
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        return String.join(", ", names);
    }

    String origin(String key) {
        return config.getValue(key).origin().description();
    }

    NalaConfigurationException invalid(String key, String allowed, Exception cause) {
        String shown = config.hasPath(key) ? config.getValue(key).render() : "null";
        String where = config.hasPath(key) ? " (" + origin(key) + ")" : "";
        return new NalaConfigurationException(
                "Invalid setting " + path(key) + " = " + shown + where + ": " + allowed, cause);
    }

    NalaConfigurationException invalid(String key, String allowed) {
        return invalid(key, allowed, null);
    }
}
