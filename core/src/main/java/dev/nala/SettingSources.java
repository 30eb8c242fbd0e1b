package dev.nala;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.NalaSettings;
import dev.nala.internal.settings.Origins;
import dev.nala.internal.settings.ServiceSettings;
import dev.nala.spi.Diagnosis;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a service's effective settings that the application set, each with where it was set;
 * the rest are counted as Nala's defaults. Passwords and tokens are never shown.
 */
final class SettingSources {
    private static final String SHIPPED_DEFAULTS = "reference.conf";
    private static final List<String> SECRET_KEYS = List.of("password", "token");

    private SettingSources() {}

    static void write(NalaSettings settings, ServiceName name, ServiceSettings service, Diagnosis diagnosis) {
        Config root = settings.config();
        Config effective = root.getConfig(service.configPath()).withFallback(root.getConfig("nala.defaults"));
        Map<String, ConfigValue> sorted = new TreeMap<>();
        effective.entrySet().forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
        int defaults = 0;
        diagnosis.note(name, "settings the application set:");
        for (Map.Entry<String, ConfigValue> entry : sorted.entrySet()) {
            ConfigValue value = entry.getValue();
            if (SHIPPED_DEFAULTS.equals(value.origin().resource())) {
                defaults++;
                continue;
            }
            diagnosis.note(
                    name,
                    "  " + entry.getKey() + " = " + shown(entry.getKey(), value) + "  (" + Origins.of(value.origin())
                            + ")");
        }
        diagnosis.note(name, "  (" + defaults + " more at Nala's defaults, from reference.conf)");
    }

    private static String shown(String key, ConfigValue value) {
        List<String> parts = ConfigUtil.splitPath(key);
        if (SECRET_KEYS.contains(parts.get(parts.size() - 1))) {
            return "<redacted>";
        }
        return value.valueType() == ConfigValueType.STRING
                ? (String) value.unwrapped()
                : value.render(ConfigRenderOptions.concise());
    }
}
