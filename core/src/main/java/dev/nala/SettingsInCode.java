package dev.nala;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import dev.nala.internal.settings.DurationText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings a {@link HttpClientFactory.Builder} was given in code, as configuration paths so
 * they get a file's validation, with the builder call as their origin in messages.
 */
final class SettingsInCode {
    /** In the order set; a later value for a path replaces an earlier one. */
    private final List<Block> blocks = new ArrayList<>();

    /** The block of {@code nala.services."<name>"}, named in messages as the call that set it. */
    Block service(String name) {
        return add(
                ConfigUtil.joinPath("nala", "services", name), "HttpClientFactory.builder().service(\"" + name + "\")");
    }

    Block defaults() {
        return add("nala.defaults", "HttpClientFactory.builder().defaults(...)");
    }

    private Block add(String prefix, String origin) {
        Block block = new Block(prefix, origin, new LinkedHashMap<>());
        blocks.add(block);
        return block;
    }

    /** A later builder call wins over an earlier one, key by key. */
    Config over(Config base) {
        Config layered = base;
        for (Block block : blocks) {
            layered = ConfigFactory.parseMap(block.values, block.origin).withFallback(layered);
        }
        return layered;
    }

    /** The keys and values set below one path by one builder call. */
    static final class Block {
        private final String prefix;
        private final String origin;
        private final Map<String, Object> values;

        private Block(String prefix, String origin, Map<String, Object> values) {
            this.prefix = prefix;
            this.origin = origin;
            this.values = values;
        }

        /** The block below {@code key}, recording into the same builder call. */
        Block under(String key) {
            return new Block(path(key), origin, values);
        }

        void set(String key, Object value) {
            values.put(path(key), written(key, value));
        }

        private String path(String key) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("A setting's key must not be empty (in " + origin + ")");
            }
            try {
                ConfigUtil.splitPath(key);
            } catch (ConfigException e) {
                throw new IllegalArgumentException(
                        "Invalid setting key \"" + key + "\" (in " + origin
                                + "): expected a path such as retry.max-attempts",
                        e);
            }
            return prefix + "." + key;
        }

        /** The value as HOCON would hold it: a {@link Duration} as text with a unit (2s, 250ms). */
        private Object written(String key, Object value) {
            if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
                return value;
            }
            if (value instanceof Duration) {
                return DurationText.of((Duration) value);
            }
            if (value instanceof List) {
                List<Object> list = new ArrayList<>();
                for (Object item : (List<?>) value) {
                    list.add(written(key, item));
                }
                return list;
            }
            throw new IllegalArgumentException("Invalid value for setting " + key + " (in " + origin + "): a "
                    + value.getClass().getName() + "; expected a String, Number, Boolean, Duration or a List of those");
        }
    }
}
