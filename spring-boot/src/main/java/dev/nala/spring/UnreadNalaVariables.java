package dev.nala.spring;

import dev.nala.internal.settings.NalaVariables;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Warns about environment variables that look like Spring's relaxed form of a {@code nala.*} key
 * ({@code NALA_SERVICES_PAYMENT_SERVICE_PORT}): Spring would bind them to its own properties, but
 * Nala reads only the variables it documents, so without this they would be ignored in silence.
 */
final class UnreadNalaVariables {
    private static final Logger log = LoggerFactory.getLogger(UnreadNalaVariables.class);

    private UnreadNalaVariables() {}

    static void warn(ConfigurableEnvironment environment) {
        PropertySource<?> variables =
                environment.getPropertySources().get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        if (!(variables instanceof EnumerablePropertySource<?> enumerable)) {
            return;
        }
        List<String> unread = Arrays.stream(enumerable.getPropertyNames())
                .filter(name -> name.startsWith("NALA_") && !NalaVariables.ALL.contains(name))
                .sorted()
                .toList();
        if (!unread.isEmpty()) {
            log.warn(
                    "Environment variables {} are not read by Nala: it reads {}, not Spring's relaxed form of"
                            + " nala.* keys. Set the key in application.yml, as -Dnala.<key>=<value>, or in"
                            + " SPRING_APPLICATION_JSON",
                    unread,
                    String.join(" and ", NalaVariables.ALL));
        }
    }
}
