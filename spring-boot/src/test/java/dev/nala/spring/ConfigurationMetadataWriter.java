package dev.nala.spring;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.nala.DeploymentMode;
import dev.nala.HttpClientFactory;
import dev.nala.internal.settings.CircuitBreakerSettings;
import dev.nala.internal.settings.ConcurrencyLimitSettings;
import dev.nala.internal.settings.ConsulSettings;
import dev.nala.internal.settings.RoutingSettings;
import dev.nala.internal.settings.ServiceSettings;
import dev.nala.internal.settings.TlsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes Spring Boot's configuration metadata ({@code META-INF/spring-configuration-metadata.json},
 * what IDEs complete and document {@code nala.*} keys in {@code application.yml} from) out of
 * Nala's own {@code reference.conf}: every key with its type, default and comment, and the allowed
 * values of the keys that are a choice. Nala reads the keys itself (no {@code @ConfigurationProperties}
 * class), so Spring's annotation processor has nothing to generate it from.
 */
final class ConfigurationMetadataWriter {
    private static final String ROOT = "nala";
    private static final String SERVICES = "nala.services";
    /** In reference.conf for their comments; a service's own block is the only place Nala takes them. */
    private static final Set<String> SERVICE_ONLY =
            Set.of("nala.defaults.subsets", "nala.defaults.routing.rules", "nala.defaults.routing.split");

    private static final Pattern DURATION = Pattern.compile("\\d+(ms|s|m|h|d)");

    /** The keys whose value is one of an enum's constants, written as Nala reads them. */
    private static final Map<String, Class<? extends Enum<?>>> CHOICES = Map.of(
            "nala.deployment-mode", DeploymentMode.class,
            "nala.consul.consistency", ConsulSettings.Consistency.class,
            "nala.defaults.discovery", ServiceSettings.DiscoverySource.class,
            "nala.defaults.load-balancer", ServiceSettings.LoadBalancer.class,
            "nala.defaults.concurrency-limit.when-exceeded", ConcurrencyLimitSettings.WhenExceeded.class,
            "nala.defaults.routing.when-subset-empty", RoutingSettings.WhenSubsetEmpty.class,
            "nala.defaults.circuit-breaker.shared-state", CircuitBreakerSettings.SharedState.class,
            "nala.defaults.tls.trust-store.type", TlsSettings.StoreType.class,
            "nala.defaults.tls.key-store.type", TlsSettings.StoreType.class);

    private static final List<String> REFERENCE_LINES = referenceLines();

    private final List<Map<String, Object>> groups = new ArrayList<>();
    private final List<Map<String, Object>> properties = new ArrayList<>();

    private ConfigurationMetadataWriter() {}

    /** The metadata for the {@code reference.conf} on this class path, as the JSON file holds it. */
    static String write() throws Exception {
        ConfigObject reference = ConfigFactory.parseResources(
                        HttpClientFactory.class.getClassLoader(), "reference.conf")
                .root();
        ConfigurationMetadataWriter writer = new ConfigurationMetadataWriter();
        writer.walk(ROOT, (ConfigObject) reference.get(ROOT), "");
        writer.groups.sort(Comparator.comparing(entry -> (String) entry.get("name")));
        writer.properties.sort(Comparator.comparing(entry -> (String) entry.get("name")));

        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("groups", writer.groups);
        metadata.put("properties", writer.properties);
        metadata.put("hints", hints());
        DefaultPrettyPrinter printer =
                new DefaultPrettyPrinter().withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
        return new ObjectMapper().writer(printer).writeValueAsString(metadata).replace("\r\n", "\n") + "\n";
    }

    private static List<String> referenceLines() {
        try (InputStream reference = HttpClientFactory.class.getResourceAsStream("/reference.conf")) {
            return new String(reference.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void walk(String name, ConfigObject object, String inheritedDescription) {
        String description = describe(object, inheritedDescription);
        groups.add(entry(name, null, description, null));
        for (Map.Entry<String, ConfigValue> child : object.entrySet()) {
            String childName = name + "." + child.getKey();
            ConfigValue value = child.getValue();
            if (SERVICE_ONLY.contains(childName)) {
                continue;
            }
            if (value instanceof ConfigObject nested && !nested.isEmpty() && !childName.equals(SERVICES)) {
                walk(childName, nested, description);
            } else {
                properties.add(property(childName, value, description));
            }
        }
    }

    private static Map<String, Object> property(String name, ConfigValue value, String inheritedDescription) {
        String description = describe(value, inheritedDescription);
        if (name.equals(SERVICES)) {
            description = "Settings of one service, under its name (nala.services[payment-service].port):"
                    + " the keys of nala.defaults, which fill in whatever a service leaves out, and the"
                    + " service's own subsets, routing.rules and routing.split (canary releases).";
        }
        Object defaultValue = value.valueType() == ConfigValueType.NULL || value.valueType() == ConfigValueType.OBJECT
                ? null
                : value.unwrapped();
        return entry(name, type(name, value), description, defaultValue);
    }

    /** The Java type Spring tools check a value against; Nala itself reads every key as HOCON. */
    private static String type(String name, ConfigValue value) {
        return switch (value.valueType()) {
            case BOOLEAN -> "java.lang.Boolean";
            case NUMBER -> writtenWithAFraction(name, value) ? "java.lang.Double" : "java.lang.Integer";
            case STRING ->
                DURATION.matcher((String) value.unwrapped()).matches() ? "java.time.Duration" : "java.lang.String";
            case NULL -> name.endsWith("timeout") ? "java.time.Duration" : "java.lang.String";
            case LIST -> "java.util.List<" + elementType((ConfigList) value) + ">";
            case OBJECT -> "java.util.Map<java.lang.String,java.lang.Object>";
        };
    }

    /** Typesafe Config reads reference.conf's {@code multiplier = 2.0} as the integer 2, so the line is looked at. */
    private static boolean writtenWithAFraction(String name, ConfigValue value) {
        String key = name.substring(name.lastIndexOf('.') + 1);
        String line = REFERENCE_LINES.get(value.origin().lineNumber() - 1);
        return Pattern.compile("(^|[\\s{,])" + Pattern.quote(key) + "\\s*=\\s*-?\\d+\\.\\d")
                .matcher(line)
                .find();
    }

    private static String elementType(ConfigList list) {
        if (list.isEmpty()) {
            return "java.lang.Object";
        }
        return list.get(0).valueType() == ConfigValueType.NUMBER ? "java.lang.Integer" : "java.lang.String";
    }

    /** The comment above the key, or else the one above the block it sits in. */
    private static String describe(ConfigValue value, String inheritedDescription) {
        List<String> lines = value.origin().comments();
        if (lines.isEmpty()) {
            return inheritedDescription;
        }
        return String.join(" ", lines.stream().map(String::trim).toList()).replaceAll(" {2,}", " ");
    }

    private static List<Map<String, Object>> hints() {
        List<Map<String, Object>> hints = new ArrayList<>();
        CHOICES.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(choice -> {
            List<Map<String, Object>> values = new ArrayList<>();
            for (Enum<?> constant : choice.getValue().getEnumConstants()) {
                values.add(
                        Map.of("value", constant.name().toLowerCase(Locale.ROOT).replace('_', '-')));
            }
            Map<String, Object> hint = new LinkedHashMap<>();
            hint.put("name", choice.getKey());
            hint.put("values", values);
            hints.add(hint);
        });
        return hints;
    }

    private static Map<String, Object> entry(String name, String type, String description, Object defaultValue) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", name);
        if (type != null) {
            entry.put("type", type);
        }
        if (!description.isEmpty()) {
            entry.put("description", description);
        }
        if (defaultValue != null) {
            entry.put("defaultValue", defaultValue);
        }
        return entry;
    }
}
