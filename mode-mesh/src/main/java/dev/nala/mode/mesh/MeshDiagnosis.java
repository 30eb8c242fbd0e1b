package dev.nala.mode.mesh;

import dev.nala.DeploymentReport.Severity;
import dev.nala.discovery.KubernetesServiceNames;
import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.NalaSettings;
import dev.nala.internal.settings.Origins;
import dev.nala.internal.settings.ServiceSettings;
import dev.nala.spi.Diagnosis;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Mesh mode's part of a deployment report: each service's Kubernetes name and whether it resolves
 * in DNS from here, and the standalone settings the application set, which this mode ignores.
 */
final class MeshDiagnosis {
    private MeshDiagnosis() {}

    static void diagnose(NalaSettings settings, KubernetesServiceNames names, Diagnosis diagnosis) {
        diagnosis.note(
                "kubernetes",
                "namespace " + names.namespace() + " (from " + names.namespaceSource() + "), cluster domain "
                        + settings.kubernetes().clusterDomain());
        ignoredSettings(settings, diagnosis);
        ExecutorService lookups = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "nala-doctor-dns");
            thread.setDaemon(true);
            return thread;
        });
        try {
            settings.configuredServices().forEach((name, service) -> resolve(name, service, names, lookups, diagnosis));
        } finally {
            lookups.shutdownNow();
        }
    }

    private static void ignoredSettings(NalaSettings settings, Diagnosis diagnosis) {
        for (String key : IgnoredSettings.find(settings)) {
            String message = "ignored in mesh mode: " + key + " ("
                    + Origins.of(settings.config().getValue(key).origin()) + ")";
            ServiceName owner = null;
            for (Map.Entry<ServiceName, ServiceSettings> service :
                    settings.configuredServices().entrySet()) {
                if (key.startsWith(service.getValue().configPath() + ".")) {
                    owner = service.getKey();
                }
            }
            if (owner != null) {
                diagnosis.finding(owner, Severity.INFO, message);
            } else {
                diagnosis.finding("settings", Severity.INFO, message);
            }
        }
    }

    /**
     * Not resolving is a warning, not an error: outside the cluster (a CI runner) no Service name
     * resolves, and the Service may be created by the same deployment.
     */
    private static void resolve(
            ServiceName name,
            ServiceSettings service,
            KubernetesServiceNames names,
            ExecutorService lookups,
            Diagnosis diagnosis) {
        String host = names.hostFor(name);
        String where = host + ":" + service.port();
        Future<InetAddress[]> lookup = lookups.submit(() -> InetAddress.getAllByName(host));
        try {
            InetAddress[] addresses = lookup.get(diagnosis.probeTimeout().toMillis(), TimeUnit.MILLISECONDS);
            List<String> shown = new ArrayList<>();
            Arrays.stream(addresses).forEach(address -> shown.add(address.getHostAddress()));
            diagnosis.note(name, "resolves as " + where + ", in DNS: " + String.join(", ", shown));
            return;
        } catch (ExecutionException e) {
            diagnosis.finding(
                    name,
                    Severity.WARNING,
                    where + " does not resolve in DNS from here ("
                            + e.getCause().getClass().getSimpleName()
                            + "); in the cluster it must: is the Kubernetes Service " + name.value()
                            + " deployed in namespace " + names.namespace() + "?");
        } catch (TimeoutException e) {
            lookup.cancel(true);
            diagnosis.finding(
                    name,
                    Severity.WARNING,
                    where + ": DNS gave no answer within "
                            + diagnosis.probeTimeout().toMillis() + "ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
