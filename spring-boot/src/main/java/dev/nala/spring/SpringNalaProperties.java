package dev.nala.spring;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import dev.nala.NalaConfigurationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * The application's {@code nala.*} Spring properties ({@code application.yml},
 * {@code application.properties}, command-line arguments, {@code SPRING_APPLICATION_JSON}, test
 * properties) as a Typesafe {@link Config}, for Nala to layer over {@code application.conf} and
 * validate as it validates the file.
 *
 * <p>Names are taken as written, key by key: no relaxed binding. {@code nala.defaults.callTimeout}
 * stays {@code callTimeout} and so fails Nala's validation with "did you mean call-timeout", and
 * environment variables such as {@code NALA_SERVICES_..._PORT} are not mapped to keys (a dash and an
 * underscore would look the same there). Spring's {@code [...]} brackets keep a key whole
 * ({@code nala.services[my.service].port}); {@code endpoints[0]}, {@code endpoints[1]} form a list.
 * Each value keeps where it was set ({@code application.yml:7}) for Nala's messages.
 */
final class SpringNalaProperties {
    private static final String PREFIX = "nala.";

    private SpringNalaProperties() {}

    /**
     * The {@code nala.*} properties, each from the property source of highest precedence that has
     * it; a list whole from the highest source that has any of it.
     *
     * @throws NalaConfigurationException when a key is given a value and keys under it
     */
    static Config from(ConfigurableEnvironment environment) {
        Map<String, PropertySource<?>> winners = new LinkedHashMap<>();
        Map<List<Object>, PropertySource<?>> owners = new HashMap<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String name : enumerable.getPropertyNames()) {
                    if (name.startsWith(PREFIX) && ownsItsLists(PropertyPath.split(name), source, owners)) {
                        winners.putIfAbsent(name, source);
                    }
                }
            }
        }
        if (winners.isEmpty()) {
            return ConfigFactory.empty();
        }
        Map<Object, Object> root = new LinkedHashMap<>();
        winners.forEach((name, source) -> put(root, PropertyPath.split(name), value(environment, source, name)));
        return ((com.typesafe.config.ConfigObject) toConfigValue(root, "Spring properties nala.*")).toConfig();
    }

    /**
     * Whether {@code source} is the highest source to set the list (or the value standing for it)
     * at every index of {@code path}. Spring binds a list from one source, so a profile's shorter
     * {@code endpoints} does not keep the extra entries of {@code application.yml}; taking entries
     * key by key would.
     */
    private static boolean ownsItsLists(
            List<Object> path, PropertySource<?> source, Map<List<Object>, PropertySource<?>> owners) {
        boolean owns = true;
        for (int i = 1; i <= path.size(); i++) {
            if (i == path.size() || path.get(i) instanceof Integer) {
                owns &= owners.computeIfAbsent(List.copyOf(path.subList(0, i)), list -> source) == source;
            }
        }
        return owns;
    }

    private static ConfigValue value(ConfigurableEnvironment environment, PropertySource<?> source, String name) {
        Object raw = source.getProperty(name);
        if (raw instanceof OriginTrackedValue tracked) {
            raw = tracked.getValue();
        }
        if (raw instanceof CharSequence text) {
            raw = environment.resolveRequiredPlaceholders(text.toString());
        }
        return ConfigValueFactory.fromAnyRef(raw, describe(OriginLookup.getOrigin(source, name), source));
    }

    /** {@code application.yml:7} for a file, else Spring's own description of the origin. */
    private static String describe(Origin origin, PropertySource<?> source) {
        if (origin instanceof TextResourceOrigin text
                && text.getResource() != null
                && text.getResource().getFilename() != null) {
            String file = text.getResource().getFilename();
            return text.getLocation() != null ? file + ":" + (text.getLocation().getLine() + 1) : file;
        }
        return origin != null ? origin.toString() : "Spring property source " + source.getName();
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<Object, Object> root, List<Object> path, ConfigValue value) {
        Map<Object, Object> node = root;
        for (int i = 0; i < path.size() - 1; i++) {
            Object child = node.computeIfAbsent(path.get(i), key -> new LinkedHashMap<>());
            if (child instanceof ConfigValue scalar) {
                throw valueAndKeysUnder(path.subList(0, i + 1), scalar, path, value);
            }
            node = (Map<Object, Object>) child;
        }
        Object existing = node.putIfAbsent(path.get(path.size() - 1), value);
        if (existing instanceof Map<?, ?> keys) {
            List<Object> under = new ArrayList<>(path);
            ConfigValue leaf = firstLeaf(keys, under);
            throw valueAndKeysUnder(path, value, under, leaf);
        }
    }

    /** Both were set on purpose, so keeping either would silently drop the other. */
    private static NalaConfigurationException valueAndKeysUnder(
            List<Object> key, ConfigValue scalar, List<Object> deeperKey, ConfigValue deeper) {
        return new NalaConfigurationException("Spring properties give " + PropertyPath.join(key) + " a value ("
                + scalar.origin().description() + ") and keys under it (" + PropertyPath.join(deeperKey) + ", "
                + deeper.origin().description() + "); set one or the other");
    }

    /** The first value under {@code node}, its keys appended to {@code path}. */
    private static ConfigValue firstLeaf(Map<?, ?> node, List<Object> path) {
        Map.Entry<?, ?> first = node.entrySet().iterator().next();
        path.add(first.getKey());
        return first.getValue() instanceof Map<?, ?> deeper ? firstLeaf(deeper, path) : (ConfigValue) first.getValue();
    }

    /** A node whose keys are all list indexes becomes a list, in index order; any other, an object. */
    @SuppressWarnings("unchecked")
    private static ConfigValue toConfigValue(Object node, String description) {
        if (node instanceof ConfigValue value) {
            return value;
        }
        Map<Object, Object> children = (Map<Object, Object>) node;
        boolean list = !children.isEmpty() && children.keySet().stream().allMatch(key -> key instanceof Integer);
        if (list) {
            List<ConfigValue> items = new ArrayList<>();
            new TreeMap<>(children).values().forEach(child -> items.add(toConfigValue(child, description)));
            return ConfigValueFactory.fromIterable(items, description);
        }
        Map<String, ConfigValue> fields = new LinkedHashMap<>();
        children.forEach((key, child) -> fields.put(String.valueOf(key), toConfigValue(child, description)));
        return ConfigValueFactory.fromMap(fields, description);
    }
}
