package dev.nala.mode.standalone.limit;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import dev.nala.ConcurrencyLimitException;
import dev.nala.internal.CallDeadline;
import dev.nala.internal.DispatcherSlots;
import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.ConcurrencyLimitSettings;
import dev.nala.internal.settings.ConcurrencyLimitSettings.WhenExceeded;
import dev.nala.internal.settings.DurationText;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.Call;

/**
 * One service's adaptive concurrency limit: Netflix concurrency-limits' Gradient2 under a {@code
 * SimpleLimiter}, with attempts over the limit waiting here or failing at once ({@code
 * when-exceeded}).
 */
final class ServiceLimit {
    /** How often a waiting attempt looks whether its call was canceled, or the limit grew. */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final ServiceName service;
    private final String settingsPath;
    private final ConcurrencyLimitSettings settings;
    private final SimpleLimiter<Void> limiter;
    private final LimitTelemetry telemetry;
    private final AtomicInteger waiting = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();

    ServiceLimit(
            ServiceName service, String settingsPath, ConcurrencyLimitSettings settings, LimitTelemetry telemetry) {
        this.service = service;
        this.settingsPath = settingsPath;
        this.settings = settings;
        this.telemetry = telemetry;
        this.limiter = SimpleLimiter.newBuilder()
                .named(service.value())
                .limit(Gradient2Limit.newBuilder()
                        .initialLimit(settings.initial())
                        .minLimit(settings.min())
                        .maxConcurrency(settings.max())
                        .build())
                .build();
    }

    ServiceName service() {
        return service;
    }

    int limit() {
        return limiter.getLimit();
    }

    /**
     * @throws ConcurrencyLimitException when the attempt may not go
     * @throws IOException "Canceled" when the call was canceled while it waited
     */
    Permit acquire(Call call) throws IOException {
        Optional<Limiter.Listener> now = limiter.acquire(null);
        if (now.isPresent()) {
            return new Permit(now.get());
        }
        if (settings.whenExceeded() == WhenExceeded.FAIL) {
            throw refused(LimitTelemetry.Rejection.OVER_LIMIT, settingsPath + ".when-exceeded = fail");
        }
        if (waiting.incrementAndGet() > settings.maxQueued()) {
            waiting.decrementAndGet();
            throw refused(
                    LimitTelemetry.Rejection.QUEUE_FULL,
                    settings.maxQueued() + " attempt(s) were already waiting (" + settingsPath + ".max-queued)");
        }
        try (DispatcherSlots.Lent lent = DispatcherSlots.lend()) {
            long waitEnd = System.nanoTime() + settings.maxWait().toNanos();
            return CallDeadline.waitWithin(
                    call, deadline -> await(call, Math.min(waitEnd, deadline), waitEnd <= deadline));
        } finally {
            waiting.decrementAndGet();
        }
    }

    private Permit await(Call call, long endNanos, boolean endIsMaxWait) throws IOException {
        lock.lock();
        try {
            while (true) {
                Optional<Limiter.Listener> got = limiter.acquire(null);
                if (got.isPresent()) {
                    return new Permit(got.get());
                }
                if (call.isCanceled()) {
                    throw new IOException("Canceled");
                }
                long left = endNanos - System.nanoTime();
                if (left <= 0) {
                    throw refused(
                            LimitTelemetry.Rejection.WAIT_TIMEOUT,
                            endIsMaxWait
                                    ? "no place freed up within " + DurationText.of(settings.maxWait()) + " ("
                                            + settingsPath + ".max-wait)"
                                    : "no place freed up before the call's deadline");
                }
                released.awaitNanos(Math.min(left, RECHECK_NANOS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting under the concurrency limit of " + service);
        } finally {
            lock.unlock();
        }
    }

    private ConcurrencyLimitException refused(LimitTelemetry.Rejection why, String detail) {
        telemetry.rejected(service, why);
        int limit = limiter.getLimit();
        return new ConcurrencyLimitException(
                service.value(),
                limit,
                "Service \"" + service + "\" is at its concurrency"
                        + " limit (" + limiter.getInflight() + " attempt(s) in flight, limit " + limit + " from "
                        + settingsPath
                        + "); this attempt was not sent: " + detail);
    }

    private void wakeOne() {
        if (waiting.get() > 0) {
            lock.lock();
            try {
                released.signal();
            } finally {
                lock.unlock();
            }
        }
    }

    /** One attempt's place; say how the attempt ended, exactly once. */
    final class Permit {
        private final Limiter.Listener listener;

        private Permit(Limiter.Listener listener) {
            this.listener = listener;
        }

        void succeeded() {
            listener.onSuccess();
            wakeOne();
        }

        void dropped() {
            listener.onDropped();
            wakeOne();
        }

        /** Canceled, refused to connect...: nothing about the service's load. */
        void ignored() {
            listener.onIgnore();
            wakeOne();
        }
    }
}
