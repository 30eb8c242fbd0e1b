package dev.nala.breaker.redis;

import dev.nala.breaker.redis.OutageLog.Connection;
import dev.nala.spi.ServiceName;
import dev.nala.spi.SharedCircuitState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;

/**
 * Shared circuit state in Redis, for one factory. Two background threads do all the talking, each
 * on its own connection: one publishes this replica's openings and closings and reads recorded
 * openings; one listens on the channel. Callers only put a note in a map and return.
 *
 * <p>Only the latest decision per service waits to be written, so an outage costs one entry per
 * service, and what this replica decided meanwhile is written when Redis is back (an opening only
 * for the part of its open time that is left). Each time the listening connection is
 * (re)established, the recorded openings of every subscribed service are read again, so nothing
 * published during an outage is missed for longer than the outage.
 */
final class RedisCircuitState implements SharedCircuitState {
    private static final Logger LOG = LoggerFactory.getLogger(RedisCircuitState.class);
    private static final long BAD_MESSAGE_WARN_INTERVAL = TimeUnit.SECONDS.toNanos(10);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(2);

    private final RedisAddress address;
    private final CircuitKeys keys;
    private final Timings timings;
    private final OutageLog outage;
    private final String origin = UUID.randomUUID().toString();

    private final Map<ServiceName, Listener> listeners = new ConcurrentHashMap<>();
    private final Map<ServiceName, Publication> unwritten = new ConcurrentHashMap<>();
    private final Set<ServiceName> toRead = ConcurrentHashMap.newKeySet();
    /** Keys already reported as bad, with their value's hash: each bad value is reported once. */
    private final Map<String, Integer> reportedKeys = new ConcurrentHashMap<>();

    private final Semaphore work = new Semaphore(0);
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong lastBadMessageWarning = new AtomicLong(System.nanoTime() - BAD_MESSAGE_WARN_INTERVAL);

    private final Thread publisher;
    private final Thread listener;
    private volatile Jedis publishing;
    private volatile Jedis listening;
    private volatile Subscription subscription;

    /** What this replica decided about a service and has not yet written. */
    private record Publication(CircuitRecord.Kind kind, Duration openFor, long decidedAtNanos) {}

    private RedisCircuitState(RedisAddress address, String keyPrefix, Timings timings) {
        this.address = address;
        this.keys = new CircuitKeys(keyPrefix);
        this.timings = timings;
        this.outage = new OutageLog(address);
        this.publisher = new Thread(this::publishLoop, "nala-circuit-state-publisher");
        this.listener = new Thread(this::listenLoop, "nala-circuit-state-listener");
        publisher.setDaemon(true);
        listener.setDaemon(true);
    }

    /** Starts the background threads and returns at once; connecting happens in the background. */
    static RedisCircuitState start(RedisAddress address, String keyPrefix, Timings timings) {
        RedisCircuitState state = new RedisCircuitState(address, keyPrefix, timings);
        state.publisher.start();
        state.listener.start();
        state.work.release();
        return state;
    }

    @Override
    public void publishOpened(ServiceName service, Duration openFor) {
        Duration bounded = openFor.compareTo(CircuitRecord.LONGEST_OPEN) > 0 ? CircuitRecord.LONGEST_OPEN : openFor;
        if (bounded.toMillis() < 1) {
            return;
        }
        unwritten.put(service, new Publication(CircuitRecord.Kind.OPENED, bounded, System.nanoTime()));
        work.release();
    }

    @Override
    public void publishClosed(ServiceName service) {
        unwritten.put(service, new Publication(CircuitRecord.Kind.CLOSED, Duration.ZERO, System.nanoTime()));
        work.release();
    }

    @Override
    public void subscribe(ServiceName service, Listener listener) {
        listeners.put(service, listener);
        toRead.add(service);
        work.release();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closing.countDown();
        work.release();
        Subscription current = subscription;
        if (current != null) {
            quietly(current::unsubscribe);
        }
        Jedis heard = listening;
        if (heard != null) {
            quietly(heard::disconnect);
        }
        Jedis written = publishing;
        if (written != null) {
            quietly(written::disconnect);
        }
        join(publisher);
        join(listener);
    }

    @Override
    public String toString() {
        return "shared circuit state in Redis at " + address + " (key prefix " + keys.prefix() + ")";
    }

    // ---- the publishing thread ----

    private void publishLoop() {
        long retryNanos = 0;
        while (!closed.get()) {
            if (retryNanos > 0) {
                pause(retryNanos);
            } else {
                awaitWork();
            }
            if (closed.get()) {
                break;
            }
            try {
                writeAndRead();
                outage.worked(Connection.PUBLISHING);
                retryNanos = 0;
            } catch (RuntimeException e) {
                dropPublishing();
                if (closed.get()) {
                    break;
                }
                outage.failed(Connection.PUBLISHING, e);
                retryNanos = timings.nextRetryNanos(retryNanos);
            }
            checkListening();
        }
        dropPublishing();
    }

    /** One round of work; a connection that went stale while idle gets one fresh try first. */
    private void writeAndRead() {
        boolean reused = publishing != null;
        try {
            writeAndRead(publishingConnection());
        } catch (JedisConnectionException e) {
            if (!reused || closed.get()) {
                throw e;
            }
            dropPublishing();
            writeAndRead(publishingConnection());
        }
    }

    private void writeAndRead(Jedis jedis) {
        if (unwritten.isEmpty() && toRead.isEmpty()) {
            jedis.ping(); // idle: still notice an outage, and a recovery
            return;
        }
        for (ServiceName service : List.copyOf(unwritten.keySet())) {
            Publication publication = unwritten.get(service);
            if (publication != null) {
                write(jedis, service, publication);
                unwritten.remove(service, publication);
            }
        }
        for (ServiceName service : List.copyOf(toRead)) {
            toRead.remove(service);
            try {
                readOpening(jedis, service);
            } catch (RuntimeException e) {
                toRead.add(service);
                throw e;
            }
        }
    }

    private void write(Jedis jedis, ServiceName service, Publication publication) {
        String key = keys.key(service);
        if (publication.kind() == CircuitRecord.Kind.OPENED) {
            Duration left = publication.openFor().minusNanos(System.nanoTime() - publication.decidedAtNanos());
            if (left.toMillis() < 1) {
                return; // it ran out while Redis was away: nothing left to tell
            }
            String value =
                    CircuitRecord.opened(keys.prefix(), service, left, origin).encode();
            jedis.set(key, value, SetParams.setParams().px(left.toMillis()));
            jedis.publish(keys.channel(), value);
        } else {
            jedis.del(key);
            jedis.publish(
                    keys.channel(),
                    CircuitRecord.closed(keys.prefix(), service, origin).encode());
        }
    }

    /** Reads a recorded opening of {@code service}: how a replica started later catches up. */
    private void readOpening(Jedis jedis, ServiceName service) {
        String key = keys.key(service);
        String value;
        try {
            value = jedis.get(key);
        } catch (JedisDataException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("WRONGTYPE")) {
                throw e; // NOAUTH and the like: Redis is not usable, not the key
            }
            warnAboutBadKey(key, "WRONGTYPE", "it is not a string");
            return;
        }
        if (value == null) {
            reportedKeys.remove(key);
            return;
        }
        long ttlMillis = jedis.pttl(key);
        CircuitRecord record;
        try {
            record = CircuitRecord.parse(value, keys.prefix());
        } catch (CircuitRecord.Invalid e) {
            warnAboutBadKey(key, value, e.getMessage());
            return;
        }
        if (!record.service().equals(service) || record.kind() != CircuitRecord.Kind.OPENED) {
            warnAboutBadKey(
                    key,
                    value,
                    "it holds a " + record.kind().name().toLowerCase(java.util.Locale.ROOT) + " record for service "
                            + record.service());
            return;
        }
        if (ttlMillis == -1) {
            warnAboutBadKey(key, value, "it has no expiry, so Nala did not write it");
            return;
        }
        reportedKeys.remove(key);
        if (ttlMillis < 1 || record.origin().equals(origin)) {
            return; // expired meanwhile, or our own opening
        }
        Listener heard = listeners.get(service);
        if (heard != null) {
            Duration left = Duration.ofMillis(Math.min(ttlMillis, CircuitRecord.LONGEST_OPEN.toMillis()));
            deliver(service, () -> heard.opened(left));
        }
    }

    private Jedis publishingConnection() {
        Jedis current = publishing;
        if (current == null) {
            current = address.connect(timings.connect(), timings.command());
            publishing = current;
            if (closed.get()) {
                quietly(current::disconnect);
            }
        }
        return current;
    }

    private void dropPublishing() {
        Jedis current = publishing;
        publishing = null;
        if (current != null) {
            quietly(current::close);
        }
    }

    /** Drops a listening connection that stopped answering, so the listener connects again. */
    private void checkListening() {
        Jedis heard = listening;
        Subscription current = subscription;
        if (heard == null || current == null) {
            return;
        }
        long now = System.nanoTime();
        long commandNanos = timings.command().toNanos();
        if (!current.confirmed) {
            if (now - current.startedAtNanos > commandNanos) {
                quietly(heard::disconnect);
            }
            return;
        }
        long pingSent = current.pingSentAtNanos;
        if (pingSent != 0) {
            if (now - pingSent > commandNanos) {
                quietly(heard::disconnect);
            }
        } else if (now - current.lastHeardNanos >= timings.health().toNanos()) {
            current.pingSentAtNanos = now;
            quietly(current::ping);
        }
    }

    // ---- the listening thread ----

    private void listenLoop() {
        long retryNanos = 0;
        while (!closed.get()) {
            Subscription current = new Subscription();
            try (Jedis jedis = address.connect(timings.connect(), timings.command())) {
                listening = jedis;
                current.startedAtNanos = System.nanoTime();
                subscription = current;
                if (closed.get()) {
                    break;
                }
                jedis.subscribe(current, keys.channel()); // returns when close() unsubscribes
            } catch (RuntimeException e) {
                if (!closed.get()) {
                    outage.failed(Connection.LISTENING, e);
                }
            } finally {
                listening = null;
                subscription = null;
            }
            if (closed.get()) {
                break;
            }
            retryNanos = current.confirmed ? timings.retryFirst().toNanos() : timings.nextRetryNanos(retryNanos);
            pause(retryNanos);
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
            deliver(record.service(), () -> heard.opened(record.openFor()));
        } else {
            deliver(record.service(), heard::closed);
        }
    }

    private void warnAboutBadKey(String key, String value, String reason) {
        Integer before = reportedKeys.put(key, value.hashCode());
        if (before == null || before != value.hashCode()) {
            LOG.warn("Shared circuit state: ignoring Redis key {}: {}", key, reason);
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

    /** One subscription on one connection; the health check reads its fields from the other thread. */
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
            toRead.addAll(listeners.keySet()); // catch up on what was published while we were not listening
            work.release();
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

    // ---- small pieces ----

    private void deliver(ServiceName service, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("Shared circuit state: the listener for service {} failed", service, e);
        }
    }

    private void awaitWork() {
        try {
            work.tryAcquire(timings.health().toNanos(), TimeUnit.NANOSECONDS);
            work.drainPermits();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
        }
    }

    private void pause(long nanos) {
        try {
            closing.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
        }
    }

    private static void join(Thread thread) {
        if (thread == Thread.currentThread()) {
            return;
        }
        try {
            thread.join(JOIN_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void quietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException ignored) {
            // closing or probing a connection that is already broken
        }
    }
}
