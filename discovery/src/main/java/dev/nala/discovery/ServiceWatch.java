package dev.nala.discovery;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

import dev.nala.ServiceDiscoveryException;
import dev.nala.discovery.ServiceDiscovery.ChangeListener;
import dev.nala.internal.Endpoint;
import dev.nala.internal.InstanceLabels;
import dev.nala.internal.ReconnectLoop;
import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.ConsulSettings;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one service's healthy instances fresh: a {@link ReconnectLoop} runs Consul blocking
 * queries and publishes each new membership as an immutable list. Outage behaviour and logging:
 * docs/discovery.md, "When Consul is down or answers errors".
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
    private final AtomicReference<Call> inFlight = new AtomicReference<>();
    private final ReconnectLoop loop;
    private final DiscoveryMetrics.Refreshes refreshes;

    /** Null until Consul first answered; replaced only when the membership or an instance's labels change. */
    private volatile List<Endpoint> endpoints;

    /** Written before {@link #endpoints}, so whoever read the endpoints finds labels at least as new. */
    private volatile Map<Endpoint, InstanceLabels> labels = Map.of();

    private volatile String lastFailure;
    /** {@link System#nanoTime()}; the watch's creation before the first answer. */
    private volatile long lastAnswerAt;
    /** A held blocking query is up to date. */
    private volatile boolean upToDate;

    // Touched by the watch thread only.
    private long outageStartedAt;
    private Set<String> rejected = Set.of();
    private int undescribedRejected;

    ServiceWatch(
            ServiceName service, ConsulHealthClient client, ConsulSettings settings, List<ChangeListener> listeners) {
        this(service, client, settings, listeners, DiscoveryMetrics.disabled());
    }

    ServiceWatch(
            ServiceName service,
            ConsulHealthClient client,
            ConsulSettings settings,
            List<ChangeListener> listeners,
            DiscoveryMetrics metrics) {
        this.service = service;
        this.refreshes = metrics.refreshesOf(service);
        this.lastAnswerAt = System.nanoTime();
        this.client = client;
        this.settings = settings;
        this.listeners = listeners;
        this.bucket = new TokenBucket(settings.watchRatePerSecond(), settings.watchBurst(), System::nanoTime);
        this.backoff = new ErrorBackoff(
                settings.errorBackoffInitial(),
                settings.errorBackoffMax(),
                () -> ThreadLocalRandom.current().nextDouble());
        this.firstAnswerDeadline =
                System.nanoTime() + settings.firstAnswerTimeout().toNanos();
        this.loop = new ReconnectLoop(
                THREAD_PREFIX + service.value(),
                failures -> backoff.pauseAfter(failures).toNanos(),
                this::queryOnce);
    }

    void start() {
        loop.start();
    }

    /**
     * Before Consul's first answer, waits for it until {@code first-answer-timeout} after the watch
     * started; after that, fails at once until Consul answers.
     */
    List<Endpoint> endpoints() throws ServiceDiscoveryException {
        List<Endpoint> current = endpoints;
        return current != null ? current : awaitFirstAnswer(firstAnswerDeadline);
    }

    /** The tags and meta of the instances that have any (none before Consul first answered). */
    Map<Endpoint, InstanceLabels> labels() {
        return labels;
    }

    /**
     * @param callDeadline a {@link System#nanoTime()} value
     * @throws DiscoveryPendingException when the call's deadline came before Consul's first
     *     answer and before {@code first-answer-timeout}
     */
    List<Endpoint> endpoints(long callDeadline) throws ServiceDiscoveryException {
        List<Endpoint> current = endpoints;
        if (current != null) {
            return current;
        }
        return awaitFirstAnswer(callDeadline - firstAnswerDeadline < 0 ? callDeadline : firstAnswerDeadline);
    }

    /** @param until {@link #firstAnswerDeadline}, or a call's deadline that comes before it */
    private List<Endpoint> awaitFirstAnswer(long until) throws ServiceDiscoveryException {
        long remaining = until - System.nanoTime();
        try {
            if (remaining > 0) {
                firstAnswer.await(remaining, NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceDiscoveryException(
                    service.value(),
                    "Interrupted while waiting for Consul at " + client.address() + " to answer for service \""
                            + service + "\"",
                    e);
        }
        List<Endpoint> current = endpoints;
        if (current != null) {
            return current;
        }
        if (isStopped()) {
            throw new ServiceDiscoveryException(
                    service.value(),
                    "Consul discovery was closed before Consul at " + client.address() + " answered for service \""
                            + service + "\"");
        }
        String failure = lastFailure;
        if (until != firstAnswerDeadline) {
            throw new DiscoveryPendingException(
                    service.value(),
                    "no answer yet from Consul at " + client.address()
                            + " (from " + settings.addressSource() + ")"
                            + (failure == null ? "; its first query is still under way" : "; last error: " + failure));
        }
        throw new ServiceDiscoveryException(
                service.value(),
                "Consul at " + client.address() + " (from "
                        + settings.addressSource() + ") has not answered for service \"" + service + "\" within "
                        + ConsulHealthClient.goDuration(settings.firstAnswerTimeout())
                        + " (nala.consul.first-answer-timeout)"
                        + (failure == null ? "" : "; last error: " + failure)
                        + "; Nala keeps asking in the background");
    }

    /** @param failures the failed queries in a row before this one */
    private ReconnectLoop.Outcome queryOnce(int failures) {
        if (!awaitPermit()) {
            return ReconnectLoop.Outcome.WORKED; // stopped
        }
        try {
            Call call = client.newCall(service, index.toSend());
            inFlight.set(call);
            if (isStopped()) {
                return ReconnectLoop.Outcome.WORKED;
            }
            answered(client.execute(call), failures);
            return ReconnectLoop.Outcome.WORKED;
        } catch (Throwable failure) {
            // Errors too: an Error caused by an answer must not end the watch (the answer is garbage now).
            if (isStopped()) {
                return ReconnectLoop.Outcome.WORKED;
            }
            failed(failure, failures + 1);
            return ReconnectLoop.Outcome.FAILED;
        } finally {
            inFlight.set(null);
        }
    }

    private boolean awaitPermit() {
        long wait;
        while ((wait = bucket.tryTake()) > 0) {
            if (loop.pause(wait)) {
                return false;
            }
        }
        return true;
    }

    /** 0 while the last request was answered. */
    double stalenessSeconds(long nowNanos) {
        if (upToDate) {
            return 0;
        }
        return Math.max(0, nowNanos - lastAnswerAt) / 1e9;
    }

    /** @param failures the failed queries in a row before this answer */
    private void answered(ConsulHealthClient.Answer answer, int failures) {
        lastAnswerAt = System.nanoTime();
        upToDate = true;
        refreshes.succeeded();
        index.answered(answer.index());
        InstanceAddresses.Result result = answer.instances();
        warnAboutNewlyRejected(result);
        if (failures > 0) {
            log.info(
                    "Consul at {} answers again for service {} after {} failed request(s) over {}; {} healthy instance(s)",
                    client.address(),
                    service,
                    failures,
                    outageLength(),
                    result.endpoints().size());
        }
        List<Endpoint> previous = endpoints;
        List<Endpoint> fresh = result.endpoints();
        // A re-tagged instance (v1 to v2) changes no address: it is a change all the same.
        if (previous == null || !sameMembers(previous, fresh) || !labels.equals(result.labels())) {
            labels = result.labels();
            endpoints = fresh;
            log.debug("Service {} has {} healthy instance(s) in Consul: {}", service, fresh.size(), fresh);
            tellListeners(fresh);
        }
        firstAnswer.countDown();
    }

    private static boolean sameMembers(List<Endpoint> a, List<Endpoint> b) {
        return a.size() == b.size() && new HashSet<>(a).containsAll(b);
    }

    private void warnAboutNewlyRejected(InstanceAddresses.Result result) {
        for (String entry : result.described()) {
            if (!rejected.contains(entry)) {
                log.warn("Skipping a Consul entry of service {}: {}", service, entry);
            }
        }
        rejected = result.described();
        int undescribed = result.undescribed();
        if (undescribed > 0 && undescribed != undescribedRejected) {
            log.warn(
                    "Skipping {} more invalid Consul entries of service {} (only the first {} are described)",
                    undescribed,
                    service,
                    InstanceAddresses.DESCRIBED_REJECTIONS);
        }
        undescribedRejected = undescribed;
    }

    private void tellListeners(List<Endpoint> fresh) {
        for (ChangeListener listener : listeners) {
            try {
                listener.endpointsChanged(service, fresh);
            } catch (RuntimeException | Error e) {
                log.warn("A discovery change listener failed for service {}", service, e);
            }
        }
    }

    private String outageLength() {
        long millis = NANOSECONDS.toMillis(System.nanoTime() - outageStartedAt);
        return millis < 10_000 ? millis + "ms" : (millis / 1000) + "s";
    }

    /** @param failures the failed queries in a row, this one included */
    private void failed(Throwable e, int failures) {
        upToDate = false;
        refreshes.failed();
        index.failed();
        String description = client.describe(e);
        lastFailure = description;
        if (failures == 1) {
            outageStartedAt = System.nanoTime();
            List<Endpoint> known = endpoints;
            log.warn(
                    "Consul at {} failed for service {}: {}; {}; retrying with backoff of up to {}",
                    client.address(),
                    service,
                    description,
                    known == null
                            ? "no instances known yet"
                            : "serving the last known " + known.size() + " instance(s)",
                    ConsulHealthClient.goDuration(backoff.max()));
        } else {
            log.debug(
                    "Consul at {} failed again for service {} ({} in a row): {}",
                    client.address(),
                    service,
                    failures,
                    description);
        }
    }

    private boolean isStopped() {
        return loop.isStopped();
    }

    /** Does not wait. */
    void stop() {
        loop.stop();
        firstAnswer.countDown();
        Call call = inFlight.get();
        if (call != null) {
            call.cancel();
        }
    }

    /** @param deadline a {@link System#nanoTime()} value */
    boolean awaitStopped(long deadline) throws InterruptedException {
        return loop.awaitStopped(deadline);
    }
}
