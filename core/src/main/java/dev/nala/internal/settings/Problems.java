package dev.nala.internal.settings;

import com.typesafe.config.ConfigException;
import dev.nala.NalaConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The problems found while reading the settings, so that one error reports them all. */
final class Problems {
    private final List<String> found = new ArrayList<>();
    private final List<String> badKeys = new ArrayList<>();

    void add(String problem) {
        found.add(SettingsReader.printable(problem));
    }

    void add(String path, String problem) {
        badKeys.add(path);
        add(problem);
    }

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
     * A problem that stops {@code read} (a check across keys, a block of the wrong type) skips only
     * this part, so the rest is still read.
     *
     * @return null when it failed
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
