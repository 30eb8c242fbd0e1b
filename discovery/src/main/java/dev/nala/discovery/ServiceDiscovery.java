package dev.nala.discovery;

import dev.nala.ServiceDiscoveryException;
import dev.nala.internal.Endpoint;
import dev.nala.internal.ServiceName;
import java.util.List;

/**
 * Answers "where does logical service X live right now?".
 *
 * <p>{@link #endpoints} is on every request's path: implementations answer from memory and
 * keep their answers fresh in the background. They return the same {@code List} instance for
 * as long as a service's membership is unchanged, so callers may detect a change by identity.
 */
public interface ServiceDiscovery extends AutoCloseable {

    /**
     * The service's current instances, possibly empty when the source knows the service but
     * none of its instances is healthy.
     *
     * @throws ServiceDiscoveryException naming the service and the source when the service is
     *     unknown to the source or the source has never answered
     */
    List<Endpoint> endpoints(ServiceName service) throws ServiceDiscoveryException;

    /**
     * Like {@link #endpoints(ServiceName)}, but waits for a source's first answer no later than
     * {@code deadlineNanos} (in {@link System#nanoTime()} terms). When that deadline comes first,
     * throws {@link DiscoveryPendingException} describing what is still pending.
     */
    default List<Endpoint> endpoints(ServiceName service, long deadlineNanos) throws ServiceDiscoveryException {
        return endpoints(service);
    }

    /**
     * Asks to be told when a service's instance list changes. The list given is the one
     * {@link #endpoints} returns from then on. Listeners run on a discovery thread: they must
     * be quick and must not block; an exception they throw is logged and otherwise ignored.
     * Sources whose lists never change (static lists) accept the listener and never call it.
     */
    default void addChangeListener(ChangeListener listener) {}

    /** A short description of the source for messages, e.g. {@code static} or {@code consul http://127.0.0.1:8500}. */
    String describe();

    /** Stops background work. Idempotent. */
    @Override
    void close();

    /** Told when a service's instance list changes; see {@link #addChangeListener}. */
    @FunctionalInterface
    interface ChangeListener {
        /**
         * @param service the service whose instances changed
         * @param endpoints its new instance list (possibly empty), the same instance
         *     {@link ServiceDiscovery#endpoints} now returns
         */
        void endpointsChanged(ServiceName service, List<Endpoint> endpoints);
    }
}
