package dev.nala.mode.standalone;

import static dev.nala.mode.standalone.StandaloneFactories.FAST_BACKOFF;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.HttpClientFactory;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Retry-After and the call deadline. Waits are checked as lower bounds (a wait can only be
 * longer than asked); "never past the deadline" is checked by outcome: had the loop slept into
 * the deadline, OkHttp would have cancelled the call and the caller would get a timeout
 * instead of the upstream's last response.
 */
class DeadlineTest {
    /** RFC 9110 IMF-fixdate. */
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    private MockWebServer upstream;
    private HttpClientFactory factory;

    @BeforeEach
    void start() throws IOException {
        upstream = Upstreams.started();
    }

    @AfterEach
    void stop() {
        if (factory != null) {
            factory.close();
        }
        upstream.close();
    }

    private static long sendTimed(OkHttpClient client, Request request, int expectedCode) throws IOException {
        long start = System.nanoTime();
        try (Response response = client.newCall(request).execute()) {
            assertThat(response.code()).isEqualTo(expectedCode);
            response.body().string();
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private Request get() {
        return new Request.Builder().url(upstream.url("/slow")).build();
    }

    @ParameterizedTest
    @ValueSource(ints = {503, 429})
    void retryAfterInSecondsIsHonoured(int code) throws IOException {
        factory = StandaloneFactories.standalone(FAST_BACKOFF);
        upstream.enqueue(new MockResponse.Builder()
                .code(code)
                .addHeader("Retry-After", "1")
                .build());
        upstream.enqueue(new MockResponse.Builder().body("done").build());
        long elapsed = sendTimed(factory.client(), get(), 200);
        assertThat(elapsed)
                .as("waited the advised second, not the 2 ms backoff")
                .isGreaterThanOrEqualTo(1000);
        assertThat(upstream.getRequestCount()).isEqualTo(2);
    }

    @Test
    void retryAfterAsAnHttpDateIsHonoured() throws IOException {
        factory = StandaloneFactories.standalone(FAST_BACKOFF);
        // HTTP dates have whole seconds: three seconds ahead is more than two seconds from now.
        String inThreeSeconds = HTTP_DATE.format(Instant.now().plusSeconds(3).atOffset(ZoneOffset.UTC));
        upstream.enqueue(new MockResponse.Builder()
                .code(503)
                .addHeader("Retry-After", inThreeSeconds)
                .build());
        upstream.enqueue(new MockResponse.Builder().body("done").build());
        long elapsed = sendTimed(factory.client(), get(), 200);
        assertThat(elapsed).isGreaterThanOrEqualTo(2000);
        assertThat(upstream.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aRetryAfterBeyondTheDeadlineEndsTheCallAtOnceWithTheResponse() throws IOException {
        factory = StandaloneFactories.standalone(FAST_BACKOFF + "nala.defaults.call-timeout = 2s\n");
        upstream.enqueue(new MockResponse.Builder()
                .code(503)
                .addHeader("Retry-After", "30")
                .body("later")
                .build());
        upstream.enqueue(new MockResponse.Builder().body("never reached").build());
        long elapsed = sendTimed(factory.client(), get(), 503);
        assertThat(elapsed).as("generous upper bound: no 30 s wait").isLessThan(20_000);
        assertThat(upstream.getRequestCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999999999999999999", "2147483648"})
    void aRetryAfterTooLargeForOkHttpIsNotWorthWaitingForAndReachesTheCallerUnchanged(String value) throws IOException {
        // OkHttp's own follow-up logic would throw NumberFormatException on these.
        factory = StandaloneFactories.standalone(FAST_BACKOFF);
        upstream.enqueue(new MockResponse.Builder()
                .code(503)
                .addHeader("Retry-After", value)
                .body("later")
                .build());
        upstream.enqueue(new MockResponse.Builder().body("never reached").build());
        try (Response response = factory.client().newCall(get()).execute()) {
            assertThat(response.code()).isEqualTo(503);
            assertThat(response.header("Retry-After")).isEqualTo(value);
        }
        assertThat(upstream.getRequestCount()).isEqualTo(1);
    }

    @Test
    void backoffsNeverRunPastTheDeadline() throws IOException {
        // Jitter fixed at its maximum: the waits are exactly 400 ms, 800 ms, 1600 ms, ...
        String hocon = "nala.defaults { call-timeout = 2500ms, retry.max-attempts = 10\n"
                + "retry.backoff { initial = 400ms, multiplier = 2, max = 10s } }\n";
        OkHttpClient client = StandaloneFactories.withJitter(hocon, () -> 1.0, OpenTelemetry.noop());
        try {
            for (int i = 0; i < 10; i++) {
                upstream.enqueue(new MockResponse.Builder()
                        .code(503)
                        .body("attempt " + (i + 1))
                        .build());
            }
            try (Response response = client.newCall(get()).execute()) {
                // After 400 + 800 ms the next wait (1600 ms) cannot end before the deadline (2500 ms).
                assertThat(response.code()).isEqualTo(503);
                assertThat(response.body().string()).isEqualTo("attempt 3");
            }
            assertThat(upstream.getRequestCount()).isEqualTo(3);
        } finally {
            StandaloneFactories.shutDown(client);
        }
    }

    @Test
    void aBackoffLongerThanTheDeadlineIsNotStarted() throws IOException {
        String hocon = "nala.defaults { call-timeout = 1s, retry.backoff { initial = 5s, max = 5s } }\n";
        OkHttpClient client = StandaloneFactories.withJitter(hocon, () -> 1.0, OpenTelemetry.noop());
        try {
            upstream.enqueue(
                    new MockResponse.Builder().code(502).body("bad gateway").build());
            long elapsed = sendTimed(client, get(), 502);
            assertThat(elapsed).as("generous upper bound").isLessThan(5_000);
            assertThat(upstream.getRequestCount()).isEqualTo(1);
        } finally {
            StandaloneFactories.shutDown(client);
        }
    }
}
