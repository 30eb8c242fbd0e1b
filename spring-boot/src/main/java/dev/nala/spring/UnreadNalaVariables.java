package dev.nala.spring;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
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
    private static final Set<String> READ_BY_NALA = Set.of("NALA_DEPLOYMENT_MODE", "NALA_REDIS_URI");

    private UnreadNalaVariables() {}

    static void warn(ConfigurableEnvironment environment) {
        PropertySource<?> variables =
                environment.getPropertySources().get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        if (!(variables instanceof EnumerablePropertySource<?> enumerable)) {
            return;
        }
        List<String> unread = Arrays.stream(enumerable.getPropertyNames())
                .filter(name -> name.startsWith("NALA_") && !READ_BY_NALA.contains(name))
                .sorted()
                .toList();
        if (!unread.isEmpty()) {
            log.warn(
                    "Environment variables {} are not read by Nala: it reads NALA_DEPLOYMENT_MODE and NALA_REDIS_URI,"
                            + " not Spring's relaxed form of nala.* keys. Set the key in application.yml, as"
                            + " -Dnala.<key>=<value>, or in SPRING_APPLICATION_JSON",
                    unread);
        }
    }
}
