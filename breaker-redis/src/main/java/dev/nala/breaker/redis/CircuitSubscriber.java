package dev.nala.breaker.redis;

import dev.nala.breaker.redis.OutageLog.Connection;
import dev.nala.internal.ReconnectLoop;
import dev.nala.internal.ServiceName;
import dev.nala.spi.SharedCircuitState.Listener;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * The listening half of {@link RedisCircuitState}: a thread subscribed to the channel on its own
 * connection, which hands the other replicas' decisions to the listeners. That thread is blocked
 * reading, so another one checks the connection with a PING ({@link #checkHealth}).
 */
final class CircuitSubscriber {
    private static final Logger LOG = LoggerFactory.getLogger(RedisCircuitState.class);
    private static final long BAD_MESSAGE_WARN_INTERVAL = TimeUnit.SECONDS.toNanos(10);

    private final RedisAddress address;
    private final CircuitKeys keys;
    private final Timings timings;
    private final OutageLog outage;
    private final String origin;
    private final Map<ServiceName, Listener> listeners;
    /** Called on each (re)subscription, to catch up on what was published while not listening. */
    private final Runnable subscribed;

    private final ReconnectLoop loop;
    private final AtomicLong lastBadMessageWarning = new AtomicLong(System.nanoTime() - BAD_MESSAGE_WARN_INTERVAL);

    private volatile Jedis listening;
    private volatile Subscription subscription;

    CircuitSubscriber(
            RedisAddress address,
            CircuitKeys keys,
            Timings timings,
            OutageLog outage,
            String origin,
            Map<ServiceName, Listener> listeners,
            Runnable subscribed) {
        this.address = address;
        this.keys = keys;
        this.timings = timings;
        this.outage = outage;
        this.origin = origin;
        this.listeners = listeners;
        this.subscribed = subscribed;
        this.loop = new ReconnectLoop("nala-circuit-state-listener", timings::retryNanos, failures -> listen());
    }

    void start() {
        loop.start();
    }

    /** Stops the thread and aborts its read; does not wait. */
    void stop() {
        loop.stop();
        Subscription current = subscription;
        if (current != null) {
            RedisCircuitState.quietly(current::unsubscribe);
        }
        Jedis heard = listening;
        if (heard != null) {
            RedisCircuitState.quietly(heard::disconnect);
        }
    }

    boolean awaitStopped(long deadline) throws InterruptedException {
        return loop.awaitStopped(deadline);
    }

    /** One connection, subscribed until it fails or {@link #stop} unsubscribes. */
    private ReconnectLoop.Outcome listen() {
        Subscription current = new Subscription();
        try (Jedis jedis = address.connect(timings.connect(), timings.command())) {
            listening = jedis;
            current.startedAtNanos = System.nanoTime();
            subscription = current;
            if (loop.isStopped()) {
                return ReconnectLoop.Outcome.WORKED;
            }
            jedis.subscribe(current, keys.channel()); // returns when stop() unsubscribes
        } catch (RuntimeException e) {
            if (!loop.isStopped()) {
                outage.failed(Connection.LISTENING, e);
            }
        } finally {
            listening = null;
            subscription = null;
        }
        return current.confirmed ? ReconnectLoop.Outcome.LOST : ReconnectLoop.Outcome.FAILED;
    }

    /** Drops a listening connection that stopped answering, so the listener connects again. */
    void checkHealth() {
        Jedis heard = listening;
        Subscription current = subscription;
        if (heard == null || current == null) {
            return;
        }
        long now = System.nanoTime();
        long commandNanos = timings.command().toNanos();
        if (!current.confirmed) {
            if (now - current.startedAtNanos > commandNanos) {
                RedisCircuitState.quietly(heard::disconnect);
            }
            return;
        }
        long pingSent = current.pingSentAtNanos;
        if (pingSent != 0) {
            if (now - pingSent > commandNanos) {
                RedisCircuitState.quietly(heard::disconnect);
            }
        } else if (now - current.lastHeardNanos >= timings.health().toNanos()) {
            current.pingSentAtNanos = now;
            RedisCircuitState.quietly(current::ping);
        }
    }

    private void heard(String message) {
        CircuitRecord record;
        try {
            record = CircuitRecord.parse(message, keys.prefix());
        } catch (CircuitRecord.Invalid e) {
            warnAboutBadMessage(e.getMessage());
            return;
        }
        if (record.origin().equals(origin)) {
            return;
        }
        Listener heard = listeners.get(record.service());
        if (heard == null) {
            return;
        }
        if (record.kind() == CircuitRecord.Kind.OPENED) {
            RedisCircuitState.deliver(record.service(), () -> heard.opened(record.openFor()));
        } else {
            RedisCircuitState.deliver(record.service(), heard::closed);
        }
    }

    private void warnAboutBadMessage(String reason) {
        long now = System.nanoTime();
        long last = lastBadMessageWarning.get();
        if (now - last >= BAD_MESSAGE_WARN_INTERVAL && lastBadMessageWarning.compareAndSet(last, now)) {
            LOG.warn(
                    "Shared circuit state: ignoring a message on Redis channel {}: {} (further ones are logged"
                            + " at DEBUG for 10 s)",
                    keys.channel(),
                    reason);
        } else {
            LOG.debug("Shared circuit state: ignoring a message on Redis channel {}: {}", keys.channel(), reason);
        }
    }

    /** One subscription on one connection; the health check reads its fields from another thread. */
    private final class Subscription extends JedisPubSub {
        volatile long startedAtNanos = System.nanoTime();
        volatile boolean confirmed;
        volatile long lastHeardNanos = System.nanoTime();
        volatile long pingSentAtNanos;

        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            confirmed = true;
            lastHeardNanos = System.nanoTime();
            outage.worked(Connection.LISTENING);
            subscribed.run();
        }

        @Override
        public void onMessage(String channel, String message) {
            lastHeardNanos = System.nanoTime();
            heard(message);
        }

        @Override
        public void onPong(String pattern) {
            lastHeardNanos = System.nanoTime();
            pingSentAtNanos = 0;
        }
    }
}
