package dev.nala.tools.generate;

import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.ServiceSettings;

/**
 * One service to write resources for: its settings, its namespace and the in-cluster host mesh
 * mode sends its calls to.
 *
 * @param host {@code <name>.<namespace>.svc.<cluster-domain>}, without a trailing dot
 */
public record ServiceTarget(ServiceName name, String namespace, String host, ServiceSettings settings) {

    public String serviceName() {
        return name.value();
    }
}
