package dev.nala.tools;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import dev.nala.NalaConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The configuration the application itself loads: the file named with {@code --config}, else
 * {@code application.conf} from the class path, over Nala's shipped defaults. Environment
 * overrides ({@code NALA_DEPLOYMENT_MODE}, {@code CONSUL_HTTP_ADDR}, ...) apply later, as in the
 * factory.
 */
final class ApplicationConfig {
    private ApplicationConfig() {}

    static Config load(Optional<Path> file) {
        try {
            if (file.isEmpty()) {
                return ConfigFactory.load();
            }
            if (!Files.isRegularFile(file.get())) {
                throw new NalaConfigurationException(
                        "Config file " + file.get() + " does not exist or is not a file; give --config the path"
                                + " of the application's application.conf");
            }
            Config parsed = ConfigFactory.parseFile(
                    file.get().toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
            return ConfigFactory.defaultOverrides()
                    .withFallback(parsed)
                    .withFallback(ConfigFactory.defaultReference())
                    .resolve();
        } catch (ConfigException e) {
            throw new NalaConfigurationException("Invalid configuration: " + e.getMessage(), e);
        }
    }
}
