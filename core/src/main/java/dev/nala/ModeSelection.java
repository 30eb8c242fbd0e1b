package dev.nala;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValueType;
import dev.nala.internal.settings.NalaVariables;
import dev.nala.internal.settings.Origins;
import java.util.Optional;

/** Decides which {@link DeploymentMode} is in force, and says why; precedence: docs/configuration.md. */
record ModeSelection(DeploymentMode mode, String source) {
    static final String ENV_VAR = NalaVariables.DEPLOYMENT_MODE;
    static final String CONFIG_KEY = "nala.deployment-mode";

    static ModeSelection decide(DeploymentMode explicit, Environment environment, Config config) {
        if (explicit != null) {
            return new ModeSelection(explicit, "HttpClientFactory.builder().mode(...)");
        }
        Optional<String> fromEnv = environment.variable(ENV_VAR);
        if (fromEnv.isPresent() && !fromEnv.get().isBlank()) {
            String source = "env " + ENV_VAR;
            return new ModeSelection(DeploymentMode.parse(fromEnv.get(), source), source);
        }
        String ignored = fromEnv.isPresent() ? "; env " + ENV_VAR + " is set but empty, so it is ignored" : "";
        Optional<String> fromProperty = environment.systemProperty(CONFIG_KEY);
        if (fromProperty.isPresent() && !fromProperty.get().isBlank()) {
            String source = "system property " + CONFIG_KEY;
            return new ModeSelection(DeploymentMode.parse(fromProperty.get(), source), source + ignored);
        }
        if (fromProperty.isPresent()) {
            ignored += "; system property " + CONFIG_KEY + " is set but empty, so it is ignored";
        }
        ModeSelection fromConfig = fromConfig(config);
        return new ModeSelection(fromConfig.mode(), fromConfig.source() + ignored);
    }

    private static ModeSelection fromConfig(Config config) {
        if (!config.hasPath(CONFIG_KEY)) {
            return new ModeSelection(DeploymentMode.STANDALONE, "default");
        }
        String source = describeConfigSource(config.getValue(CONFIG_KEY).origin());
        if (config.getValue(CONFIG_KEY).valueType() != ConfigValueType.STRING) {
            throw new NalaConfigurationException(
                    "Invalid deployment mode " + config.getValue(CONFIG_KEY).render()
                            + " from " + source + "; valid values are " + DeploymentMode.validValues()
                            + " (case-insensitive)");
        }
        DeploymentMode mode = DeploymentMode.parse(config.getString(CONFIG_KEY), source);
        boolean isShippedDefault =
                "reference.conf".equals(config.getValue(CONFIG_KEY).origin().resource());
        return new ModeSelection(mode, isShippedDefault ? "default" : source);
    }

    private static String describeConfigSource(ConfigOrigin origin) {
        return "config key " + CONFIG_KEY + " (" + Origins.of(origin) + ")";
    }
}
