package dev.nala.discovery;

import dev.nala.ServiceDiscoveryException;
import dev.nala.internal.Endpoint;
import dev.nala.internal.InstanceLabels;
import dev.nala.internal.ServiceName;
import java.util.List;
import java.util.Map;

/**
 * Answers "where does logical service X live right now?" from memory, on every request's path.
 * The same {@code List} instance comes back while membership is unchanged: compare by identity.
 */
public interface ServiceDiscovery extends AutoCloseable {

    /**
     * @return possibly empty: the source knows the service but none of its instances is healthy
     * @throws ServiceDiscoveryException naming the service and the source when the service is
     *     unknown to the source or the source has never answered
     */
    List<Endpoint> endpoints(ServiceName service) throws ServiceDiscoveryException;

    /**
     * Waits for a source's first answer no later than {@code deadlineNanos} ({@link
     * System#nanoTime()} terms); past it, throws {@link DiscoveryPendingException}.
     */
    default List<Endpoint> endpoints(ServiceName service, long deadlineNanos) throws ServiceDiscoveryException {
        return endpoints(service);
    }

    /**
     * The tags and meta of the service's instances that have any, as its source reports them
     * (Consul); empty for sources without labels. Read after {@link #endpoints}: at least as new.
     */
    default Map<Endpoint, InstanceLabels> labels(ServiceName service) {
        return Map.of();
    }

    /**
     * Listeners run on a discovery thread: they must be quick and not block; what they throw is
     * logged and ignored. Static lists never call them.
     */
    default void addChangeListener(ChangeListener listener) {}

    /** For messages, e.g. {@code static} or {@code consul http://127.0.0.1:8500}. */
    String describe();

    /** Idempotent. */
    @Override
    void close();

    @FunctionalInterface
    interface ChangeListener {
        /** @param endpoints the same instance {@link ServiceDiscovery#endpoints} now returns */
        void endpointsChanged(ServiceName service, List<Endpoint> endpoints);
    }
}
