package dev.nala.breaker.redis;

import dev.nala.breaker.redis.OutageLog.Connection;
import dev.nala.internal.ReconnectLoop;
import dev.nala.internal.ServiceName;
import dev.nala.spi.SharedCircuitState.Listener;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;

/**
 * The publishing half of {@link RedisCircuitState}: a thread that, on its own connection, writes
 * this replica's latest decision per service and reads recorded openings, PINGs Redis when idle,
 * and checks the listening connection after each round.
 */
final class CircuitPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(RedisCircuitState.class);

    private final RedisAddress address;
    private final CircuitKeys keys;
    private final Timings timings;
    private final OutageLog outage;
    private final String origin;
    private final Map<ServiceName, Listener> listeners;
    private final Runnable afterEachRound;
    private final ReconnectLoop loop;

    private final Map<ServiceName, Publication> unwritten = new ConcurrentHashMap<>();
    private final Set<ServiceName> toRead = ConcurrentHashMap.newKeySet();
    /** Keys already reported as bad, with their value's hash: each bad value is reported once. */
    private final Map<String, Integer> reportedKeys = new ConcurrentHashMap<>();

    private final Semaphore work = new Semaphore(0);
    private volatile Jedis publishing;

    /** What this replica decided about a service and has not yet written. */
    private record Publication(CircuitRecord.Kind kind, Duration openFor, long decidedAtNanos) {}

    CircuitPublisher(
            RedisAddress address,
            CircuitKeys keys,
            Timings timings,
            OutageLog outage,
            String origin,
            Map<ServiceName, Listener> listeners,
            Runnable afterEachRound) {
        this.address = address;
        this.keys = keys;
        this.timings = timings;
        this.outage = outage;
        this.origin = origin;
        this.listeners = listeners;
        this.afterEachRound = afterEachRound;
        this.loop = new ReconnectLoop("nala-circuit-state-publisher", timings::retryNanos, this::round);
    }

    /** Starts the thread, whose first round connects. */
    void start() {
        loop.start();
        work.release();
    }

    void opened(ServiceName service, Duration openFor) {
        unwritten.put(service, new Publication(CircuitRecord.Kind.OPENED, openFor, System.nanoTime()));
        work.release();
    }

    void closed(ServiceName service) {
        unwritten.put(service, new Publication(CircuitRecord.Kind.CLOSED, Duration.ZERO, System.nanoTime()));
        work.release();
    }

    /** Reads the recorded openings of these services (again), in the background. */
    void read(Collection<ServiceName> services) {
        toRead.addAll(services);
        work.release();
    }

    /** Stops the thread and aborts its command; does not wait. */
    void stop() {
        loop.stop();
        work.release();
        Jedis written = publishing;
        if (written != null) {
            RedisCircuitState.quietly(written::disconnect);
        }
    }

    /** Waits for the thread to end (see {@link ReconnectLoop#awaitStopped}), then lets go of the connection. */
    boolean awaitStopped(long deadline) throws InterruptedException {
        boolean ended = loop.awaitStopped(deadline);
        dropPublishing();
        return ended;
    }

    /** Waits for work unless retrying after a failure, then does it all. */
    private ReconnectLoop.Outcome round(int failures) {
        if (failures == 0) {
            awaitWork();
        }
        if (loop.isStopped()) {
            return ReconnectLoop.Outcome.WORKED;
        }
        ReconnectLoop.Outcome outcome;
        try {
            writeAndRead();
            outage.worked(Connection.PUBLISHING);
            outcome = ReconnectLoop.Outcome.WORKED;
        } catch (RuntimeException e) {
            dropPublishing();
            if (loop.isStopped()) {
                return ReconnectLoop.Outcome.FAILED;
            }
            outage.failed(Connection.PUBLISHING, e);
            outcome = ReconnectLoop.Outcome.FAILED;
        }
        afterEachRound.run();
        return outcome;
    }

    /** One round of work; a connection that went stale while idle gets one fresh try first. */
    private void writeAndRead() {
        boolean reused = publishing != null;
        try {
            writeAndRead(publishingConnection());
        } catch (JedisConnectionException e) {
            if (!reused || loop.isStopped()) {
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
                    "it holds a " + record.kind().name().toLowerCase(Locale.ROOT) + " record for service "
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
            RedisCircuitState.deliver(service, () -> heard.opened(left));
        }
    }

    private void warnAboutBadKey(String key, String value, String reason) {
        Integer before = reportedKeys.put(key, value.hashCode());
        if (before == null || before != value.hashCode()) {
            LOG.warn("Shared circuit state: ignoring Redis key {}: {}", key, reason);
        }
    }

    private Jedis publishingConnection() {
        Jedis current = publishing;
        if (current == null) {
            current = address.connect(timings.connect(), timings.command());
            publishing = current;
            if (loop.isStopped()) {
                RedisCircuitState.quietly(current::disconnect);
            }
        }
        return current;
    }

    private void dropPublishing() {
        Jedis current = publishing;
        publishing = null;
        if (current != null) {
            RedisCircuitState.quietly(current::close);
        }
    }

    private void awaitWork() {
        try {
            work.tryAcquire(timings.health().toNanos(), TimeUnit.NANOSECONDS);
            work.drainPermits();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            loop.stop();
        }
    }
}
