package dev.nala.discovery;

import com.typesafe.config.ConfigFactory;
import dev.nala.Environment;
import dev.nala.internal.settings.NalaSettings;
import java.util.Map;

/** Settings from a HOCON snippet over Nala's defaults, with a fixed environment. */
final class TestSettings {
    private TestSettings() {}

    static NalaSettings load(String hocon) {
        return load(hocon, Map.of());
    }

    static NalaSettings load(String hocon, Map<String, String> env) {
        return NalaSettings.load(
                ConfigFactory.parseString(hocon)
                        .withFallback(ConfigFactory.defaultReference())
                        .resolve(),
                Environment.of(env));
    }
}
