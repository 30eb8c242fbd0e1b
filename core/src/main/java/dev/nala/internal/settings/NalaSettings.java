package dev.nala.internal.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.nala.Environment;
import dev.nala.NalaConfigurationException;
import dev.nala.internal.ServiceName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All of Nala's settings, read and validated once when a factory is built, so nothing malformed
 * fails mid-call; modes never read the raw configuration.
 */
public final class NalaSettings {
    private static final String ROOT = "nala";
    private static final String SHIPPED_DEFAULTS = "reference.conf";

    private final Config root;
    private final ConsulSettings consul;
    private final KubernetesSettings kubernetes;
    private final RedisSettings redis;
    private final ConnectionPoolSettings connectionPool;
    private final DispatcherSettings dispatcher;
    private final ServiceSettings defaults;
    private final Map<ServiceName, ServiceSettings> services;

    private NalaSettings(
            Config root,
            ConsulSettings consul,
            KubernetesSettings kubernetes,
            RedisSettings redis,
            ConnectionPoolSettings connectionPool,
            DispatcherSettings dispatcher,
            ServiceSettings defaults,
            Map<ServiceName, ServiceSettings> services) {
        this.root = root;
        this.consul = consul;
        this.kubernetes = kubernetes;
        this.redis = redis;
        this.connectionPool = connectionPool;
        this.dispatcher = dispatcher;
        this.defaults = defaults;
        this.services = services;
    }

    /**
     * @param config a resolved configuration that includes Nala's {@code reference.conf}
     * @throws NalaConfigurationException listing every bad or unknown key at once
     */
    public static NalaSettings load(Config config, Environment environment) {
        Problems problems = new Problems();
        NalaSettings settings = problems.readPart(() -> read(config, environment, problems));
        problems.throwIfAny();
        return settings;
    }

    private static NalaSettings read(Config config, Environment environment, Problems problems) {
        ConfigObject schema = ConfigFactory.defaultReference().getObject(ROOT);
        UnknownKeys.find(config.getObject(ROOT), schema, problems);
        SettingsReader nala = new SettingsReader(config.getConfig(ROOT), ROOT, problems);
        ServiceSettings defaults = problems.readPart(() -> ServiceSettings.read(nala.at("defaults"), false));
        Map<ServiceName, ServiceSettings> services = new LinkedHashMap<>();
        Config defaultsConfig = config.getConfig(ROOT + ".defaults");
        for (Map.Entry<String, ConfigValue> entry :
                config.getObject(ROOT + ".services").entrySet()) {
            ServiceSettings service = problems.readPart(() -> readService(entry, defaultsConfig, problems));
            if (service != null) {
                services.put(ServiceName.of(entry.getKey()), service);
            }
        }
        ConsulSettings consul = problems.readPart(() -> ConsulSettings.read(nala.at("consul"), environment));
        KubernetesSettings kubernetes = problems.readPart(() -> KubernetesSettings.read(nala.at("kubernetes")));
        RedisSettings redis = problems.readPart(() -> RedisSettings.read(nala.at("redis"), environment));
        ConnectionPoolSettings pool = problems.readPart(() -> ConnectionPoolSettings.read(nala.at("connection-pool")));
        DispatcherSettings dispatcher = problems.readPart(() -> DispatcherSettings.read(nala.at("dispatcher")));
        if (!problems.isEmpty()) {
            return null;
        }
        return new NalaSettings(config, consul, kubernetes, redis, pool, dispatcher, defaults, Map.copyOf(services));
    }

    private static ServiceSettings readService(
            Map.Entry<String, ConfigValue> entry, Config defaultsConfig, Problems problems) {
        String path = ROOT + ".services." + ConfigUtil.quoteString(entry.getKey());
        serviceName(entry.getKey(), path, entry.getValue());
        if (entry.getValue().valueType() != ConfigValueType.OBJECT) {
            throw new NalaConfigurationException("Invalid setting " + path + " ("
                    + Origins.of(entry.getValue().origin()) + "): expected an object of service settings");
        }
        Config merged = ((ConfigObject) entry.getValue()).toConfig().withFallback(defaultsConfig);
        return ServiceSettings.read(new SettingsReader(merged, path, problems), true);
    }

    private static void serviceName(String key, String path, ConfigValue value) {
        try {
            ServiceName.of(key);
        } catch (IllegalArgumentException e) {
            throw new NalaConfigurationException("Invalid service key " + path + " ("
                    + Origins.of(value.origin()) + "): " + SettingsReader.printable(e.getMessage())
                    + "; service names are matched against the lower-case URL host");
        }
    }

    public Config config() {
        return root;
    }

    public ConsulSettings consul() {
        return consul;
    }

    public KubernetesSettings kubernetes() {
        return kubernetes;
    }

    public RedisSettings redis() {
        return redis;
    }

    public ConnectionPoolSettings connectionPool() {
        return connectionPool;
    }

    public DispatcherSettings dispatcher() {
        return dispatcher;
    }

    public ServiceSettings defaults() {
        return defaults;
    }

    /** The defaults if the service has no block. */
    public ServiceSettings service(ServiceName name) {
        return services.getOrDefault(name, defaults);
    }

    public Map<ServiceName, ServiceSettings> configuredServices() {
        return services;
    }

    /** Not Nala's shipped defaults: e.g. to tell a user mesh mode ignores their retry settings. */
    public List<String> keysSetByApplication(String path) {
        List<String> found = new ArrayList<>();
        if (root.hasPathOrNull(path)) {
            collectApplicationKeys(path, valueAt(path), found);
        }
        return found;
    }

    /** Null values included ({@code Config.getValue} rejects those). */
    private ConfigValue valueAt(String path) {
        if (!root.getIsNull(path)) {
            return root.getValue(path);
        }
        List<String> keys = ConfigUtil.splitPath(path);
        ConfigObject parent =
                keys.size() == 1 ? root.root() : root.getObject(ConfigUtil.joinPath(keys.subList(0, keys.size() - 1)));
        return parent.get(keys.get(keys.size() - 1));
    }

    private static void collectApplicationKeys(String path, ConfigValue value, List<String> found) {
        if (value.valueType() == ConfigValueType.OBJECT) {
            for (Map.Entry<String, ConfigValue> child : ((ConfigObject) value).entrySet()) {
                collectApplicationKeys(path + "." + ConfigUtil.joinPath(child.getKey()), child.getValue(), found);
            }
        } else if (!SHIPPED_DEFAULTS.equals(value.origin().resource())) {
            found.add(path);
        }
    }
}
