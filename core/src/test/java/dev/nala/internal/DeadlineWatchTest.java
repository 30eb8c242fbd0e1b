package dev.nala.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * Deadlines watched by {@link DeadlineWatch}: a client tagged and armed the way the factory's is.
 * Also a wait of Nala's own inside a call ({@link CallDeadline#waitWithin}): it is given the
 * call's deadline, the deadline does not cancel the call while it waits (so the wait's own
 * exception reaches the caller, not OkHttp's bare {@code timeout}), and the deadline applies
 * again once it ends, firing at once if it passed meanwhile.
 */
class DeadlineWatchTest {
    private SlowUpstream upstream;
    private OkHttpClient baseClient;

    @BeforeEach
    void start() throws IOException {
        DeadlineWatch.hold();
        upstream = SlowUpstream.start();
        baseClient = new OkHttpClient.Builder()
                .eventListener(DeadlineTracking.LISTENER)
                .build();
    }

    @AfterEach
    void stop() {
        upstream.close();
        baseClient.dispatcher().executorService().shutdown();
        baseClient.connectionPool().evictAll();
        DeadlineWatch.release();
    }

    private Call call(String path, Duration... timeouts) {
        return upstream.armedCall(baseClient, path, timeouts);
    }

    @Test
    void timesOutACallAsOkHttpDoesWithoutUsingOkHttpsCallTimeout() {
        Call call = call("/slow-headers", Duration.ofMillis(300));
        long started = System.nanoTime();
        assertThatThrownBy(call::execute)
                .isInstanceOf(InterruptedIOException.class)
                .hasMessage("timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(CallDeadline.timeoutOf(call)).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aCallThatEndsInTimeIsNotTouchedAndNotKept() throws IOException {
        for (int i = 0; i < 50; i++) {
            Call call = call("/fast", Duration.ofMinutes(5));
            try (Response response = call.execute()) {
                assertThat(response.code()).isEqualTo(204);
            }
            assertThat(call.timeout().timeoutNanos())
                    .as("okio's own timeout stays unused")
                    .isZero();
            assertThat(call.isCanceled()).isFalse();
        }
        // Finished calls are dropped at the next sweep, at most 100 ms on.
        await().atMost(Duration.ofSeconds(10)).until(() -> DeadlineWatch.pendingCount() == 0);
    }

    @Test
    void callsFromManyThreadsAreWatchedAndDroppedOnceEnded() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<Throwable>> slow = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                slow.add(callers.submit(() -> catchThrowable(
                        () -> call("/slow-headers", Duration.ofMillis(700)).execute())));
            }
            List<Future<Integer>> fast = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                fast.add(callers.submit(() -> {
                    try (Response response =
                            call("/fast", Duration.ofMinutes(5)).execute()) {
                        return response.code();
                    }
                }));
            }
            for (Future<Integer> code : fast) {
                assertThat(code.get(30, TimeUnit.SECONDS)).isEqualTo(204);
            }
            for (Future<Throwable> failure : slow) {
                assertThat(failure.get(30, TimeUnit.SECONDS))
                        .isInstanceOf(InterruptedIOException.class)
                        .hasMessage("timeout");
            }
        } finally {
            callers.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> DeadlineWatch.pendingCount() == 0);
    }

    @Test
    void coversReadingTheResponseBody() throws IOException {
        try (Response response = call("/slow-body", Duration.ofMillis(500)).execute()) {
            assertThat(response.code()).isEqualTo(200);
            assertThatThrownBy(() -> response.body().string())
                    .isInstanceOf(InterruptedIOException.class)
                    .hasMessage("timeout");
        }
    }

    @Test
    void aShorterTimeoutArmedLaterWakesTheWatchEarlier() {
        Call call = call("/slow-headers", Duration.ofMinutes(5), Duration.ofMillis(300));
        long started = System.nanoTime();
        assertThatThrownBy(call::execute)
                .isInstanceOf(InterruptedIOException.class)
                .hasMessage("timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(CallDeadline.timeoutOf(call)).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aLongerTimeoutArmedLaterDoesNotExtendTheDeadline() {
        Call call = call("/slow-headers", Duration.ofMillis(300), Duration.ofMinutes(5));
        assertThatThrownBy(call::execute)
                .isInstanceOf(InterruptedIOException.class)
                .hasMessage("timeout");
        assertThat(CallDeadline.timeoutOf(call)).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aShorterTimeoutTheClientSetIsLeftToOkHttp() {
        OkHttpClient client = baseClient
                .newBuilder()
                .callTimeout(Duration.ofMillis(300))
                .addInterceptor(chain -> {
                    CallDeadline.arm(chain, Duration.ofMinutes(5));
                    return chain.proceed(chain.request());
                })
                .build();
        Call call = client.newCall(
                new Request.Builder().url(upstream.url("/slow-headers")).build());
        assertThatThrownBy(call::execute)
                .isInstanceOf(InterruptedIOException.class)
                .hasMessage("timeout");
        assertThat(CallDeadline.timeoutOf(call)).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void anAsynchronousCallTimesOutToo() throws InterruptedException {
        CountDownLatch failed = new CountDownLatch(1);
        IOException[] failure = new IOException[1];
        call("/slow-headers", Duration.ofMillis(300)).enqueue(new okhttp3.Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                failure[0] = e;
                failed.countDown();
            }

            @Override
            public void onResponse(Call call, Response response) {
                response.close();
            }
        });
        assertThat(failed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(failure[0]).isInstanceOf(InterruptedIOException.class).hasMessage("timeout");
    }

    /** A call armed with {@code timeout} whose chain first runs {@code wait} inside waitWithin. */
    private Call callWaiting(String path, Duration timeout, CallDeadline.Wait<?> wait) {
        OkHttpClient client = baseClient
                .newBuilder()
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
        assertThatThrownBy(call::execute)
                .isInstanceOf(InterruptedIOException.class)
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
        assertThatThrownBy(call::execute)
                .isInstanceOf(InterruptedIOException.class)
                .hasMessage("timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }
}
