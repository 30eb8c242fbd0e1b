package dev.nala.internal.settings;

import com.typesafe.config.ConfigException;
import dev.nala.NalaConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The problems found while reading the settings, gathered so that one error reports them all,
 * one line each, rather than only the first.
 */
final class Problems {
    private final List<String> found = new ArrayList<>();
    private final List<String> badKeys = new ArrayList<>();

    void add(String problem) {
        found.add(SettingsReader.printable(problem));
    }

    /** A problem with the value at {@code path}. */
    void add(String path, String problem) {
        badKeys.add(path);
        add(problem);
    }

    /** Whether no bad value was recorded at {@code prefix} or below it. */
    boolean noneUnder(String prefix) {
        for (String key : badKeys) {
            if (key.equals(prefix) || key.startsWith(prefix + ".")) {
                return false;
            }
        }
        return true;
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    /**
     * Reads one part of the settings; a problem that stops it (a check across several keys, a
     * block of the wrong type) is recorded and the part is skipped, so the rest is still read.
     *
     * @return what {@code read} returned, or null when it failed
     */
    <T> T readPart(Supplier<T> read) {
        try {
            return read.get();
        } catch (NalaConfigurationException e) {
            found.addAll(e.problems());
            return null;
        } catch (ConfigException e) {
            add("Invalid Nala configuration: " + e.getMessage());
            return null;
        }
    }

    /** @throws NalaConfigurationException listing every problem, if there is any */
    void throwIfAny() {
        if (!found.isEmpty()) {
            throw new NalaConfigurationException(found);
        }
    }
}
