package dev.nala.breaker.redis;

import dev.nala.internal.ServiceName;
import dev.nala.spi.SharedCircuitState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shared circuit state in Redis, for one factory. Two background threads do all the talking, each
 * on its own connection: one publishes this replica's openings and closings and reads recorded
 * openings ({@link CircuitPublisher}); one listens on the channel ({@link CircuitSubscriber}).
 * Callers only put a note in a map and return.
 *
 * <p>Only the latest decision per service waits to be written, so an outage costs one entry per
 * service, and what this replica decided meanwhile is written when Redis is back (an opening only
 * for the part of its open time that is left). Each time the listening connection is
 * (re)established, the recorded openings of every subscribed service are read again, so nothing
 * published during an outage is missed for longer than the outage.
 */
final class RedisCircuitState implements SharedCircuitState {
    private static final Logger LOG = LoggerFactory.getLogger(RedisCircuitState.class);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(2);

    private final RedisAddress address;
    private final CircuitKeys keys;
    private final Map<ServiceName, Listener> listeners = new ConcurrentHashMap<>();
    private final CircuitPublisher publisher;
    private final CircuitSubscriber subscriber;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RedisCircuitState(RedisAddress address, String keyPrefix, Timings timings) {
        this.address = address;
        this.keys = new CircuitKeys(keyPrefix);
        OutageLog outage = new OutageLog(address);
        String origin = UUID.randomUUID().toString();
        this.subscriber = new CircuitSubscriber(address, keys, timings, outage, origin, listeners, this::readAllAgain);
        this.publisher =
                new CircuitPublisher(address, keys, timings, outage, origin, listeners, subscriber::checkHealth);
    }

    /** Starts the background threads and returns at once; connecting happens in the background. */
    static RedisCircuitState start(RedisAddress address, String keyPrefix, Timings timings) {
        RedisCircuitState state = new RedisCircuitState(address, keyPrefix, timings);
        state.publisher.start();
        state.subscriber.start();
        return state;
    }

    /** On each (re)subscription: catches up on what was published while not listening. */
    private void readAllAgain() {
        publisher.read(listeners.keySet());
    }

    @Override
    public void publishOpened(ServiceName service, Duration openFor) {
        Duration bounded = openFor.compareTo(CircuitRecord.LONGEST_OPEN) > 0 ? CircuitRecord.LONGEST_OPEN : openFor;
        if (bounded.toMillis() < 1) {
            return;
        }
        publisher.opened(service, bounded);
    }

    @Override
    public void publishClosed(ServiceName service) {
        publisher.closed(service);
    }

    @Override
    public void subscribe(ServiceName service, Listener listener) {
        listeners.put(service, listener);
        publisher.read(List.of(service));
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        subscriber.stop();
        publisher.stop();
        try {
            publisher.awaitStopped(System.nanoTime() + JOIN_TIMEOUT.toNanos());
            subscriber.awaitStopped(System.nanoTime() + JOIN_TIMEOUT.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "shared circuit state in Redis at " + address + " (key prefix " + keys.prefix() + ")";
    }

    /** Hands a decision to a service's listener, which must not break the thread delivering it. */
    static void deliver(ServiceName service, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("Shared circuit state: the listener for service {} failed", service, e);
        }
    }

    static void quietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException ignored) {
            // closing or probing a connection that is already broken
        }
    }
}
