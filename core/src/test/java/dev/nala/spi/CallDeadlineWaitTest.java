package dev.nala.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A wait of Nala's own inside a call ({@link CallDeadline#waitWithin}): it is given the call's
 * deadline, the deadline does not cancel the call while it waits (so the wait's own exception
 * reaches the caller, not OkHttp's bare {@code timeout}), and the deadline applies again once it
 * ends in time, firing at once if it passed meanwhile.
 */
class CallDeadlineWaitTest {
    private SlowUpstream upstream;
    private OkHttpClient baseClient;

    @BeforeEach
    void start() throws IOException {
        DeadlineWatch.hold();
        upstream = SlowUpstream.start();
        baseClient = new OkHttpClient.Builder().eventListener(DeadlineTracking.LISTENER).build();
    }

    @AfterEach
    void stop() {
        upstream.close();
        baseClient.dispatcher().executorService().shutdown();
        baseClient.connectionPool().evictAll();
        DeadlineWatch.release();
    }

    /** A call armed with {@code timeout} whose chain first runs {@code wait} inside waitWithin. */
    private Call callWaiting(String path, Duration timeout, CallDeadline.Wait<?> wait) {
        OkHttpClient client = baseClient.newBuilder()
                .addInterceptor(chain -> {
                    CallDeadline.arm(chain, timeout);
                    CallDeadline.waitWithin(chain.call(), wait);
                    return chain.proceed(chain.request());
                })
                .build();
        return client.newCall(new Request.Builder().url(upstream.url(path)).build());
    }

    /** Sleeps until {@code deadlineNanos}, but never more than 2 s. */
    private static void sleepUntil(long deadlineNanos) {
        long left = Math.min(deadlineNanos - System.nanoTime(), TimeUnit.SECONDS.toNanos(2));
        if (left > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void theWaitIsGivenTheCallsDeadlineAndItsOwnExceptionReachesTheCaller() {
        AtomicLong given = new AtomicLong();
        long started = System.nanoTime();
        Call call = callWaiting("/fast", Duration.ofMillis(300), deadline -> {
            given.set(deadline);
            // Past the deadline, where the watch would already have timed the call out.
            sleepUntil(deadline + TimeUnit.MILLISECONDS.toNanos(100));
            throw new InterruptedIOException("still waiting for discovery");
        });
        assertThatThrownBy(call::execute).isInstanceOf(InterruptedIOException.class)
                .hasMessage("still waiting for discovery");
        assertThat(Duration.ofNanos(given.get() - started)).isBetween(Duration.ofMillis(300), Duration.ofSeconds(5));
    }

    @Test
    void aWaitThatEndsInTimeLeavesTheCallToFinish() throws IOException {
        Call call = callWaiting("/fast", Duration.ofSeconds(5), deadline -> "answer");
        try (Response response = call.execute()) {
            assertThat(response.code()).isEqualTo(204);
        }
    }

    @Test
    void theDeadlineStillEndsTheCallWhenTheWaitReturnedTooLate() {
        // The wait overruns the deadline but returns; the call then meets a slow upstream and must
        // still be cut off by the deadline rather than hang until the upstream answers.
        Call call = callWaiting("/slow-headers", Duration.ofMillis(200), deadline -> {
            sleepUntil(deadline + TimeUnit.MILLISECONDS.toNanos(50));
            return "late";
        });
        long started = System.nanoTime();
        assertThatThrownBy(call::execute).isInstanceOf(InterruptedIOException.class).hasMessage("timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }
}
