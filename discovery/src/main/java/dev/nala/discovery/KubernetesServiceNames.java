package dev.nala.discovery;

import dev.nala.Environment;
import dev.nala.NalaConfigurationException;
import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.KubernetesSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a logical service name into its Kubernetes DNS name, {@code
 * <name>.<namespace>.svc.<cluster-domain>}; why fully qualified and the namespace order:
 * docs/discovery.md.
 */
public final class KubernetesServiceNames {
    static final String NAMESPACE_ENV = "KUBERNETES_NAMESPACE";
    private static final Logger log = LoggerFactory.getLogger(KubernetesServiceNames.class);

    private final String namespace;
    private final String namespaceSource;
    private final String suffix;
    private final String clusterSuffix;

    private KubernetesServiceNames(String namespace, String namespaceSource, KubernetesSettings settings) {
        this.namespace = namespace;
        this.namespaceSource = namespaceSource;
        this.suffix = "." + namespace + ".svc." + settings.clusterDomain() + (settings.trailingDot() ? "." : "");
        this.clusterSuffix = "." + settings.clusterDomain();
    }

    /**
     * Logs the namespace once.
     *
     * @throws NalaConfigurationException if the namespace found is not a valid RFC 1123 label
     *     or the namespace file exists but cannot be read
     */
    public static KubernetesServiceNames create(KubernetesSettings settings, Environment environment) {
        KubernetesServiceNames names = resolve(settings, environment);
        log.info(
                "Kubernetes namespace {} (from {}); services resolve as <name>.{}.svc.{}",
                names.namespace,
                names.namespaceSource,
                names.namespace,
                settings.clusterDomain());
        return names;
    }

    /**
     * As {@link #create}, without the log line: for a report that shows the namespace itself and
     * may run again and again (a health check).
     */
    public static KubernetesServiceNames resolve(KubernetesSettings settings, Environment environment) {
        String namespace;
        String source;
        Optional<String> fromEnv =
                environment.variable(NAMESPACE_ENV).map(String::trim).filter(s -> !s.isEmpty());
        Optional<String> fromFile;
        if (settings.namespace().isPresent()) {
            namespace = settings.namespace().get();
            source = "config key nala.kubernetes.namespace";
        } else if (fromEnv.isPresent()) {
            namespace = validNamespace(fromEnv.get(), "env " + NAMESPACE_ENV);
            source = "env " + NAMESPACE_ENV;
        } else if ((fromFile = readNamespaceFile(settings)).isPresent()) {
            source = "file " + settings.namespaceFile();
            namespace = validNamespace(fromFile.get(), source);
        } else {
            namespace = "default";
            source = "default (no nala.kubernetes.namespace, no env " + NAMESPACE_ENV + ", no "
                    + settings.namespaceFile() + ")";
        }
        return new KubernetesServiceNames(namespace, source, settings);
    }

    /** E.g. {@code payment-service.shop.svc.cluster.local}. */
    public String hostFor(ServiceName service) {
        return service.value() + suffix;
    }

    /** With or without a trailing dot. */
    public boolean isInCluster(String host) {
        String bare = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        return bare.endsWith(clusterSuffix);
    }

    public String namespace() {
        return namespace;
    }

    public String namespaceSource() {
        return namespaceSource;
    }

    private static Optional<String> readNamespaceFile(KubernetesSettings settings) {
        try {
            String content = Files.readString(settings.namespaceFile(), StandardCharsets.UTF_8)
                    .trim();
            return content.isEmpty() ? Optional.empty() : Optional.of(content);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new NalaConfigurationException(
                    "Cannot read the Kubernetes namespace file " + settings.namespaceFile()
                            + " (nala.kubernetes.namespace-file): " + e,
                    e);
        }
    }

    private static String validNamespace(String value, String source) {
        try {
            return ServiceName.of(value).value();
        } catch (IllegalArgumentException e) {
            throw new NalaConfigurationException(
                    "Invalid Kubernetes namespace \"" + value + "\" from " + source
                            + ": a namespace is an RFC 1123 label (lower-case letters, digits and '-', at most 63)",
                    e);
        }
    }
}
