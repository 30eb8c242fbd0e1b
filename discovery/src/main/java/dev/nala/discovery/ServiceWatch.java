package dev.nala.discovery;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

import dev.nala.ServiceDiscoveryException;
import dev.nala.discovery.ServiceDiscovery.ChangeListener;
import dev.nala.settings.ConsulSettings;
import dev.nala.spi.Endpoint;
import dev.nala.spi.ServiceName;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one service's healthy instances fresh: a daemon thread runs Consul blocking queries in a
 * loop and publishes each new membership as a new immutable list. Readers only read that list.
 *
 * <p>While Consul fails, the last list Consul gave stays in place; the first failure of an
 * outage is logged at WARN, the answer that ends it at INFO (with the outage's length), the
 * failures in between at DEBUG. Each answer and failure counts in {@code nala.discovery.refreshes};
 * {@link #stalenessSeconds} feeds {@code nala.discovery.consul.staleness}.
 * Every request takes a permit from a {@link TokenBucket}; a failed one is followed by an
 * {@link ErrorBackoff} pause.
 */
final class ServiceWatch {
    static final String THREAD_PREFIX = "nala-consul-watch-";
    private static final Logger log = LoggerFactory.getLogger(ServiceWatch.class);

    private final ServiceName service;
    private final ConsulHealthClient client;
    private final ConsulSettings settings;
    private final TokenBucket bucket;
    private final ErrorBackoff backoff;
    private final List<ChangeListener> listeners;
    private final long firstAnswerDeadline;
    private final BlockingIndex index = new BlockingIndex();
    private final CountDownLatch firstAnswer = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<Call> inFlight = new AtomicReference<>();
    private final Thread thread;
    private final DiscoveryMetrics.Refreshes refreshes;

    /** Null until Consul first answered; then replaced only when the membership changes. */
    private volatile List<Endpoint> endpoints;
    private volatile String lastFailure;
    /** {@link System#nanoTime()} of the last answer (of the watch's creation before the first). */
    private volatile long lastAnswerAt;
    /** True while the last request was answered: a held blocking query is up to date. */
    private volatile boolean upToDate;

    // Touched by the watch thread only.
    private int failures;
    private long outageStartedAt;
    private Set<String> rejected = Set.of();

    ServiceWatch(ServiceName service, ConsulHealthClient client, ConsulSettings settings, List<ChangeListener> listeners) {
        this(service, client, settings, listeners, DiscoveryMetrics.disabled());
    }

    ServiceWatch(ServiceName service, ConsulHealthClient client, ConsulSettings settings, List<ChangeListener> listeners,
            DiscoveryMetrics metrics) {
        this.service = service;
        this.refreshes = metrics.refreshesOf(service);
        this.lastAnswerAt = System.nanoTime();
        this.client = client;
        this.settings = settings;
        this.listeners = listeners;
        this.bucket = new TokenBucket(settings.watchRatePerSecond(), settings.watchBurst(), System::nanoTime);
        this.backoff = new ErrorBackoff(settings.errorBackoffInitial(), settings.errorBackoffMax(),
                () -> ThreadLocalRandom.current().nextDouble());
        this.firstAnswerDeadline = System.nanoTime() + settings.firstAnswerTimeout().toNanos();
        this.thread = new Thread(this::run, THREAD_PREFIX + service.value());
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * The cached instances. Before Consul's first answer, waits for it until
     * {@code first-answer-timeout} after the watch started; after that, fails at once until
     * Consul answers.
     */
    List<Endpoint> endpoints() throws ServiceDiscoveryException {
        List<Endpoint> current = endpoints;
        return current != null ? current : awaitFirstAnswer();
    }

    private List<Endpoint> awaitFirstAnswer() throws ServiceDiscoveryException {
        long remaining = firstAnswerDeadline - System.nanoTime();
        try {
            if (remaining > 0) {
                firstAnswer.await(remaining, NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceDiscoveryException(service.value(), "Interrupted while waiting for Consul at "
                    + client.address() + " to answer for service \"" + service + "\"", e);
        }
        List<Endpoint> current = endpoints;
        if (current != null) {
            return current;
        }
        if (isStopped()) {
            throw new ServiceDiscoveryException(service.value(), "Consul discovery was closed before Consul at "
                    + client.address() + " answered for service \"" + service + "\"");
        }
        String failure = lastFailure;
        throw new ServiceDiscoveryException(service.value(), "Consul at " + client.address() + " (from "
                + settings.addressSource() + ") has not answered for service \"" + service + "\" within "
                + ConsulHealthClient.goDuration(settings.firstAnswerTimeout()) + " (nala.consul.first-answer-timeout)"
                + (failure == null ? "" : "; last error: " + failure)
                + "; Nala keeps asking in the background");
    }

    private void run() {
        while (!isStopped()) {
            if (!awaitPermit()) {
                return;
            }
            Call call = client.newCall(service, index.toSend());
            inFlight.set(call);
            try {
                if (isStopped()) {
                    return;
                }
                answered(client.execute(call));
            } catch (IOException | RuntimeException e) {
                if (isStopped()) {
                    return;
                }
                failed(e);
                if (pause(backoff.pauseAfter(failures).toNanos())) {
                    return;
                }
            } finally {
                inFlight.set(null);
            }
        }
    }

    private boolean awaitPermit() {
        long wait;
        while ((wait = bucket.tryTake()) > 0) {
            if (pause(wait)) {
                return false;
            }
        }
        return true;
    }

    /** @return true if the watch was stopped meanwhile */
    private boolean pause(long nanos) {
        try {
            return stopped.await(nanos, NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /**
     * How stale the cached list may be, in seconds: 0 while the last request was answered, else
     * the time since the last answer (since the watch started, before the first one).
     */
    double stalenessSeconds(long nowNanos) {
        if (upToDate) {
            return 0;
        }
        return Math.max(0, nowNanos - lastAnswerAt) / 1e9;
    }

    private void answered(ConsulHealthClient.Answer answer) {
        lastAnswerAt = System.nanoTime();
        upToDate = true;
        refreshes.succeeded();
        index.answered(answer.index());
        InstanceAddresses.Result result = InstanceAddresses.of(answer.entries(), answer.malformed());
        warnAboutNewlyRejected(result.rejected());
        if (failures > 0) {
            log.info("Consul at {} answers again for service {} after {} failed request(s) over {}; {} healthy instance(s)",
                    client.address(), service, failures, outageLength(), result.endpoints().size());
            failures = 0;
        }
        List<Endpoint> previous = endpoints;
        List<Endpoint> fresh = result.endpoints();
        if (previous == null || !sameMembers(previous, fresh)) {
            endpoints = fresh;
            log.debug("Service {} has {} healthy instance(s) in Consul: {}", service, fresh.size(), fresh);
            tellListeners(fresh);
        }
        firstAnswer.countDown();
    }

    private static boolean sameMembers(List<Endpoint> a, List<Endpoint> b) {
        return a.size() == b.size() && new HashSet<>(a).containsAll(b);
    }

    private void warnAboutNewlyRejected(Set<String> now) {
        for (String entry : now) {
            if (!rejected.contains(entry)) {
                log.warn("Skipping a Consul entry of service {}: {}", service, entry);
            }
        }
        rejected = now;
    }

    private void tellListeners(List<Endpoint> fresh) {
        for (ChangeListener listener : listeners) {
            try {
                listener.endpointsChanged(service, fresh);
            } catch (RuntimeException e) {
                log.warn("A discovery change listener failed for service {}", service, e);
            }
        }
    }

    private String outageLength() {
        long millis = NANOSECONDS.toMillis(System.nanoTime() - outageStartedAt);
        return millis < 10_000 ? millis + "ms" : (millis / 1000) + "s";
    }

    private void failed(Exception e) {
        upToDate = false;
        refreshes.failed();
        index.failed();
        failures++;
        String description = client.describe(e);
        lastFailure = description;
        if (failures == 1) {
            outageStartedAt = System.nanoTime();
            List<Endpoint> known = endpoints;
            log.warn("Consul at {} failed for service {}: {}; {}; retrying with backoff of up to {}",
                    client.address(), service, description,
                    known == null ? "no instances known yet" : "serving the last known " + known.size() + " instance(s)",
                    ConsulHealthClient.goDuration(backoff.max()));
        } else {
            log.debug("Consul at {} failed again for service {} ({} in a row): {}",
                    client.address(), service, failures, description);
        }
    }

    private boolean isStopped() {
        return stopped.getCount() == 0;
    }

    /** Asks the thread to stop and aborts its request in flight; does not wait. */
    void stop() {
        stopped.countDown();
        firstAnswer.countDown();
        Call call = inFlight.get();
        if (call != null) {
            call.cancel();
        }
    }

    /** @return true if the thread ended before the deadline (a {@link System#nanoTime()} value) */
    boolean awaitStopped(long deadline) throws InterruptedException {
        long remainingMillis = NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remainingMillis > 0) {
            thread.join(remainingMillis);
        }
        return !thread.isAlive();
    }
}
