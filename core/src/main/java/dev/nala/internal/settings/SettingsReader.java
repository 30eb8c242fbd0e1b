package dev.nala.internal.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.nala.NalaConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads typed values below one configuration path. A bad value is recorded in {@link Problems}
 * and a stand-in returned, so every bad value is reported at once; a check across keys throws
 * {@link #invalid}, ending its part ({@link Problems#readPart}).
 */
final class SettingsReader {
    private static final ConfigRenderOptions ONE_LINE = ConfigRenderOptions.concise();

    private final Config config;
    private final String prefix;
    private final Problems problems;

    SettingsReader(Config config, String prefix, Problems problems) {
        this.config = config;
        this.prefix = prefix;
        this.problems = problems;
    }

    SettingsReader at(String key) {
        return new SettingsReader(config.getConfig(key), path(key), problems);
    }

    /** No value read through this reader was bad: checks across its keys make sense. */
    boolean clean() {
        return problems.noneUnder(prefix);
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
        String bareNumber = bareNumber(key);
        if (bareNumber != null) {
            report(
                    key,
                    "a duration needs a unit: a bare " + bareNumber + " would be read as " + bareNumber
                            + " milliseconds; write " + bareNumber + "ms, or " + bareNumber
                            + "s if seconds were meant");
            return min;
        }
        Duration value;
        try {
            value = config.getDuration(key);
        } catch (ConfigException e) {
            report(key, "expected a duration such as 250ms, 2s or 1m");
            return min;
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            report(key, "must be between " + DurationText.of(min) + " and " + DurationText.of(max));
            return min;
        }
        return value;
    }

    /**
     * The value if it is a number without a unit, which HOCON reads as milliseconds: {@code
     * call-timeout = 5} meant as seconds would time every call out.
     */
    private String bareNumber(String key) {
        if (!config.hasPath(key)) {
            return null;
        }
        ConfigValue value = config.getValue(key);
        String text = String.valueOf(value.unwrapped()).trim();
        boolean numeric = value.valueType() == ConfigValueType.NUMBER
                || (value.valueType() == ConfigValueType.STRING && text.matches("[0-9]+(\\.[0-9]+)?"));
        return numeric ? text : null;
    }

    Optional<Duration> optionalDuration(String key, Duration min, Duration max) {
        return isNull(key) ? Optional.empty() : Optional.of(duration(key, min, max));
    }

    int intBetween(String key, int min, int max) {
        double value;
        try {
            value = config.getNumber(key).doubleValue();
        } catch (ConfigException e) {
            value = Double.NaN;
        }
        if (!isWhole(value)) {
            report(key, "expected a whole number between " + min + " and " + max);
            return min;
        }
        if (value < min || value > max) {
            report(key, "must be between " + min + " and " + max);
            return min;
        }
        return (int) value;
    }

    /** Typesafe Config's own getInt turns 2.5 into 2; a setting that takes a count must say so instead. */
    private static boolean isWhole(double value) {
        return value == Math.rint(value) && !Double.isInfinite(value);
    }

    double doubleBetween(String key, double min, double max) {
        double value;
        try {
            value = config.getDouble(key);
        } catch (ConfigException e) {
            report(key, "expected a number between " + min + " and " + max);
            return min;
        }
        if (!(value >= min && value <= max)) {
            report(key, "must be between " + min + " and " + max);
            return min;
        }
        return value;
    }

    /** In bytes: {@code 512KiB}, {@code 16MiB}. */
    long memorySize(String key, long min, long max) {
        long value;
        try {
            value = config.getMemorySize(key).toBytes();
        } catch (ConfigException | IllegalArgumentException e) {
            report(key, "expected a size such as 512KiB, 16MiB or 1GiB");
            return min;
        }
        if (value < min || value > max) {
            report(key, "must be between " + writtenSize(min) + " and " + writtenSize(max));
            return min;
        }
        return value;
    }

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

    /** Escapes control characters, so the text cannot forge lines. */
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
            report(key, "expected true or false");
            return false;
        }
    }

    String string(String key) {
        try {
            return config.getString(key);
        } catch (ConfigException e) {
            throw invalid(key, "expected a string");
        }
    }

    Optional<String> optionalString(String key) {
        return isNull(key) ? Optional.empty() : Optional.of(string(key));
    }

    /** Never puts the value in an error message. */
    Optional<Secret> optionalSecret(String key) {
        if (isNull(key)) {
            return Optional.empty();
        }
        ConfigValue value = config.getValue(key);
        if (value.valueType() != ConfigValueType.STRING) {
            problems.add(
                    path(key),
                    "Invalid setting " + path(key) + " (" + origin(key)
                            + "): expected a string; the value is a secret and is not shown");
            return Optional.empty();
        }
        return Optional.of(new Secret(config.getString(key)));
    }

    List<String> stringList(String key) {
        try {
            return List.copyOf(config.getStringList(key));
        } catch (ConfigException e) {
            report(key, "expected a list of strings");
            return List.of();
        }
    }

    List<Integer> intList(String key, int min, int max) {
        List<Number> values;
        try {
            values = config.getNumberList(key);
        } catch (ConfigException e) {
            values = null;
        }
        if (values == null || !values.stream().allMatch(value -> isWhole(value.doubleValue()))) {
            report(key, "expected a list of whole numbers between " + min + " and " + max);
            return List.of();
        }
        List<Integer> checked = new ArrayList<>(values.size());
        for (Number number : values) {
            double value = number.doubleValue();
            if (value < min || value > max) {
                report(key, "every entry must be between " + min + " and " + max + ", found " + number);
                return List.of();
            }
            checked.add((int) value);
        }
        return List.copyOf(checked);
    }

    /** The keys of an object the application names itself (subsets, split weights); empty if absent. */
    List<String> namesUnder(String key) {
        if (isNull(key)) {
            return List.of();
        }
        try {
            return List.copyOf(config.getObject(key).keySet());
        } catch (ConfigException e) {
            report(key, "expected an object");
            return List.of();
        }
    }

    /** The keys of the object this reader reads. */
    List<String> keys() {
        return List.copyOf(config.root().keySet());
    }

    /** A reader for an object the application names, or empty (reported) if the value is not an object. */
    Optional<SettingsReader> object(String key) {
        try {
            return Optional.of(at(key));
        } catch (ConfigException e) {
            report(key, "expected an object");
            return Optional.empty();
        }
    }

    /** One reader per entry of a list of objects, each with its index in its path. */
    List<SettingsReader> objectList(String key) {
        List<? extends Config> entries;
        try {
            entries = config.getConfigList(key);
        } catch (ConfigException e) {
            report(key, "expected a list of objects");
            return List.of();
        }
        List<SettingsReader> readers = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            readers.add(new SettingsReader(entries.get(i), path(key) + "[" + i + "]", problems));
        }
        return readers;
    }

    /** Lower case with '-' for '_'. */
    <E extends Enum<E>> E choice(String key, Class<E> type) {
        String raw = string(key);
        String wanted = raw.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(wanted)) {
                return constant;
            }
        }
        report(key, "valid values are " + choices(type));
        return type.getEnumConstants()[0];
    }

    static <E extends Enum<E>> String choices(Class<E> type) {
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        return String.join(", ", names);
    }

    String origin(String key) {
        return Origins.of(config.getValue(key).origin());
    }

    /** Reading goes on. */
    void report(String key, String allowed) {
        problems.add(path(key), message(key, allowed));
    }

    /** For a check that cannot go on without it. */
    NalaConfigurationException invalid(String key, String allowed) {
        return new NalaConfigurationException(message(key, allowed));
    }

    private String message(String key, String allowed) {
        boolean present = config.hasPath(key);
        String shown = present ? config.getValue(key).render(ONE_LINE) : "null";
        String where = present ? " (" + origin(key) + ")" : "";
        return "Invalid setting " + path(key) + " = " + shown + where + ": " + allowed;
    }
}
