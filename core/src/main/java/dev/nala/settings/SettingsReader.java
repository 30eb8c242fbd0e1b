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
            throw invalid(key, "must be between " + DurationText.of(min) + " and " + DurationText.of(max), null);
        }
        return value;
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

    /** A HOCON memory size ({@code 512KiB}, {@code 16MiB}) in bytes, between min and max. */
    long memorySize(String key, long min, long max) {
        long value;
        try {
            value = config.getMemorySize(key).toBytes();
        } catch (ConfigException | IllegalArgumentException e) {
            throw invalid(key, "expected a size such as 512KiB, 16MiB or 1GiB", e);
        }
        if (value < min || value > max) {
            throw invalid(key, "must be between " + writtenSize(min) + " and " + writtenSize(max), null);
        }
        return value;
    }

    /** A size as it would be written in HOCON: 64KiB, 16MiB, 1GiB, or bytes. */
    static String writtenSize(long bytes) {
        String[] units = {"GiB", "MiB", "KiB"};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << (10 * (units.length - i));
            if (bytes != 0 && bytes % unit == 0) {
                return bytes / unit + units[i];
            }
        }
        return bytes + "B";
    }

    /** The text with control characters escaped (CR as \\r, LF as \\n, others as a Unicode escape): it cannot forge lines. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
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
