package dev.nala.internal.settings;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds keys under {@code nala} that are not Nala settings (a typo would otherwise silently keep
 * the default): {@code Config.checkValid} reports missing keys and wrong types, not extra keys.
 */
final class UnknownKeys {
    private static final String SERVICES = "nala.services";
    private static final String DEFAULTS = "defaults";

    private final ConfigObject nalaSchema;
    private final Problems problems;

    private UnknownKeys(ConfigObject nalaSchema, Problems problems) {
        this.nalaSchema = nalaSchema;
        this.problems = problems;
    }

    /** @param nalaSchema the {@code nala} object of the shipped reference configuration */
    static void find(ConfigObject configured, ConfigObject nalaSchema, Problems problems) {
        new UnknownKeys(nalaSchema, problems).compare(configured, nalaSchema, "nala", "nala");
    }

    /** @param block {@code nala} or one service's block, for suggestions elsewhere in it */
    private void compare(ConfigObject configured, ConfigObject schema, String path, String block) {
        for (Map.Entry<String, ConfigValue> entry : configured.entrySet()) {
            String key = entry.getKey();
            String keyPath = path + "." + ConfigUtil.joinPath(key);
            ConfigValue value = entry.getValue();
            if (!schema.containsKey(key)) {
                problems.add(keyPath, unknown(key, keyPath, value, schema, path, block));
                continue;
            }
            if (keyPath.equals(SERVICES) && value.valueType() == ConfigValueType.OBJECT) {
                compareServices((ConfigObject) value);
            } else if (isNamedByUser(schema.get(key))) {
                // subsets, split: the keys are names the application chooses; RoutingSettings checks them
                continue;
            } else if (value.valueType() == ConfigValueType.OBJECT
                    && schema.get(key).valueType() == ConfigValueType.OBJECT) {
                compare((ConfigObject) value, (ConfigObject) schema.get(key), keyPath, block);
            }
        }
    }

    private static boolean isNamedByUser(ConfigValue schema) {
        return schema.valueType() == ConfigValueType.OBJECT && ((ConfigObject) schema).isEmpty();
    }

    private void compareServices(ConfigObject services) {
        ConfigObject serviceSchema = (ConfigObject) nalaSchema.get(DEFAULTS);
        for (Map.Entry<String, ConfigValue> service : services.entrySet()) {
            if (service.getValue().valueType() == ConfigValueType.OBJECT) {
                String servicePath = SERVICES + "." + ConfigUtil.quoteString(service.getKey());
                compare((ConfigObject) service.getValue(), serviceSchema, servicePath, servicePath);
            }
        }
    }

    private String unknown(
            String key, String keyPath, ConfigValue value, ConfigObject schema, String path, String block) {
        String where = " (" + Origins.of(value.origin()) + ")";
        Optional<String> sibling = ClosestName.to(key, schema.keySet());
        if (sibling.isPresent()) {
            return "Unknown setting " + keyPath + where + ": did you mean " + path + "."
                    + ConfigUtil.joinPath(sibling.get()) + "?";
        }
        Optional<String> elsewhere = sameNameElsewhere(key, block);
        if (elsewhere.isPresent()) {
            return "Unknown setting " + keyPath + where + ": did you mean " + elsewhere.get() + "?";
        }
        return "Unknown setting " + keyPath + where + ": not a Nala setting; the keys of " + path + " are "
                + String.join(", ", schema.keySet());
    }

    /** A misplaced key: same name, or one typo away, at another depth. */
    private Optional<String> sameNameElsewhere(String key, String block) {
        ConfigObject blockSchema = block.equals("nala") ? nalaSchema : (ConfigObject) nalaSchema.get(DEFAULTS);
        List<String> paths = new ArrayList<>();
        collectPaths(blockSchema, block, paths);
        List<String> lastSegments = new ArrayList<>();
        for (String candidate : paths) {
            List<String> segments = ConfigUtil.splitPath(candidate);
            lastSegments.add(segments.get(segments.size() - 1));
        }
        return ClosestName.to(key, lastSegments).map(name -> paths.get(lastSegments.indexOf(name)));
    }

    private static void collectPaths(ConfigObject schema, String path, List<String> paths) {
        for (Map.Entry<String, ConfigValue> entry : schema.entrySet()) {
            String keyPath = path + "." + ConfigUtil.joinPath(entry.getKey());
            paths.add(keyPath);
            if (entry.getValue().valueType() == ConfigValueType.OBJECT) {
                collectPaths((ConfigObject) entry.getValue(), keyPath, paths);
            }
        }
    }
}
