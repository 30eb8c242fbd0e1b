package dev.nala.internal.settings;

import dev.nala.internal.Endpoint;
import dev.nala.internal.ServiceName;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * How mesh mode builds Kubernetes DNS names ({@code nala.kubernetes.*}).
 *
 * @param namespace as configured, if at all: the env variable and the service-account file are
 *     consulted later, by the name builder
 */
public record KubernetesSettings(
        Optional<String> namespace, Path namespaceFile, String clusterDomain, boolean trailingDot) {

    static KubernetesSettings read(SettingsReader kubernetes) {
        Optional<String> namespace = kubernetes.optionalString("namespace");
        namespace.ifPresent(ns -> {
            try {
                ServiceName.of(ns);
            } catch (IllegalArgumentException e) {
                kubernetes.report("namespace", "a namespace is an RFC 1123 label: " + e.getMessage());
            }
        });
        String clusterDomain = kubernetes.string("cluster-domain");
        try {
            Endpoint.of(clusterDomain, 1);
        } catch (IllegalArgumentException e) {
            kubernetes.report("cluster-domain", "expected a DNS domain such as cluster.local: " + e.getMessage());
        }
        return new KubernetesSettings(
                namespace,
                Path.of(kubernetes.string("namespace-file")),
                clusterDomain.toLowerCase(Locale.ROOT),
                kubernetes.bool("trailing-dot"));
    }
}
