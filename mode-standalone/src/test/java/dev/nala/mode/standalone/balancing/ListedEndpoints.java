package dev.nala.mode.standalone.balancing;

import dev.nala.ServiceDiscoveryException;
import dev.nala.discovery.ServiceDiscovery;
import dev.nala.internal.Endpoint;
import dev.nala.internal.ServiceName;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory discovery source whose lists a test changes, telling listeners like Consul's watch does. */
final class ListedEndpoints implements ServiceDiscovery {
    private final Map<ServiceName, List<Endpoint>> lists = new ConcurrentHashMap<>();
    private final List<ChangeListener> listeners = new CopyOnWriteArrayList<>();
    volatile int lookups;

    void set(String service, List<Endpoint> endpoints) {
        ServiceName name = ServiceName.of(service);
        List<Endpoint> copy = List.copyOf(endpoints);
        lists.put(name, copy);
        listeners.forEach(listener -> listener.endpointsChanged(name, copy));
    }

    @Override
    public List<Endpoint> endpoints(ServiceName service) throws ServiceDiscoveryException {
        lookups++;
        List<Endpoint> found = lists.get(service);
        if (found == null) {
            throw new ServiceDiscoveryException(service.value(), "unknown service " + service);
        }
        return found;
    }

    @Override
    public void addChangeListener(ChangeListener listener) {
        listeners.add(listener);
    }

    @Override
    public String describe() {
        return "listed";
    }

    @Override
    public void close() {}
}
