package dev.nala.mode.standalone;

import com.typesafe.config.ConfigFactory;
import dev.nala.Environment;
import dev.nala.settings.NalaSettings;
import dev.nala.spi.ModeContext;
import io.opentelemetry.api.OpenTelemetry;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Mode contexts from HOCON over Nala's defaults, with an empty environment. */
public final class TestContexts {
    private TestContexts() {}

    public static NalaSettings settings(String hocon) {
        return NalaSettings.load(
                ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference()).resolve(),
                Environment.of(Map.of()));
    }

    public static ModeContext context(String hocon, OpenTelemetry openTelemetry) {
        return new ModeContext(settings(hocon), openTelemetry, Environment.of(Map.of()));
    }

    /** {@code nala.services."<service>" { discovery = static, endpoints = [...] } <extra>}. */
    public static String staticService(String service, List<Upstream> upstreams, String extra) {
        String endpoints = upstreams.stream().map(u -> "\"" + u.endpoint() + "\"").collect(Collectors.joining(", "));
        return "nala.services.\"" + service + "\" { discovery = static, endpoints = [" + endpoints + "]\n"
                + extra + "\n}\n";
    }
}
