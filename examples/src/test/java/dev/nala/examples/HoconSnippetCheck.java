package dev.nala.examples;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValueType;
import dev.nala.DeploymentMode;
import dev.nala.Environment;
import dev.nala.NalaConfigurationException;
import dev.nala.internal.settings.NalaSettings;
import java.util.List;
import java.util.Map;

/**
 * Checks a {@code hocon} or {@code conf} snippet the way a factory would read it, in an empty
 * environment: it must parse, every substitution must resolve without environment variables (so
 * {@code ${VAR}} fails, {@code ${?VAR}} is dropped), and a snippet with a {@code nala} block must
 * pass Nala's own validation ({@link NalaSettings#load}, and {@link DeploymentMode#parse} for
 * {@code nala.deployment-mode}) over the shipped {@code reference.conf}. Files named in settings
 * (trust stores, key stores) are not opened: that happens when a mode starts.
 */
final class HoconSnippetCheck {
    private static final ConfigResolveOptions NO_ENVIRONMENT =
            ConfigResolveOptions.noSystem().setAllowUnresolved(false);
    private static final String MODE_KEY = "nala.deployment-mode";

    private HoconSnippetCheck() {}

    /** What is wrong with the snippet; empty when a factory would accept it. */
    static List<SnippetProblem> check(DocSnippet snippet) {
        try {
            Config parsed = ConfigFactory.parseString(
                    snippet.text(), ConfigParseOptions.defaults().setOriginDescription("snippet"));
            Config resolved =
                    parsed.withFallback(ConfigFactory.defaultReference()).resolve(NO_ENVIRONMENT);
            if (!parsed.hasPathOrNull("nala")) {
                return List.of();
            }
            NalaSettings.load(resolved, Environment.of(Map.of()));
            if (resolved.getValue(MODE_KEY).valueType() != ConfigValueType.STRING) {
                return List.of(snippet.problem(MODE_KEY + " must be a string: "
                        + resolved.getValue(MODE_KEY).render()));
            }
            DeploymentMode.parse(resolved.getString(MODE_KEY), "config key " + MODE_KEY);
            return List.of();
        } catch (ConfigException e) {
            return List.of(snippet.problem(documentLine(snippet, e.origin()), withoutOrigin(e)));
        } catch (NalaConfigurationException e) {
            return List.of(snippet.problem(e.getMessage()));
        }
    }

    private static int documentLine(DocSnippet snippet, ConfigOrigin origin) {
        if (origin == null
                || origin.lineNumber() < 1
                || !"snippet".equals(origin.description().split(":")[0])) {
            return snippet.fenceLine();
        }
        return snippet.firstLine() + origin.lineNumber() - 1;
    }

    private static String withoutOrigin(ConfigException e) {
        String message = e.getMessage();
        if (e.origin() != null && message.startsWith(e.origin().description() + ": ")) {
            return e.getClass().getSimpleName() + ": "
                    + message.substring(e.origin().description().length() + 2);
        }
        return e.getClass().getSimpleName() + ": " + message;
    }
}
