package dev.nala.mode.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.ServiceDiscoveryException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The small rules the loop relies on: failure classification, Retry-After parsing, full jitter. */
class RetryRulesTest {

    @Test
    void failuresBeforeAResponseAreClassifiedByWhatHappened() {
        assertThat(FailureReason.of(new ConnectException("refused"))).isEqualTo("connect_failure");
        assertThat(FailureReason.of(new IOException("Failed to connect", new ConnectException("refused"))))
                .isEqualTo("connect_failure");
        assertThat(FailureReason.of(new SocketException("Connection reset"))).isEqualTo("reset");
        assertThat(FailureReason.of(new IOException("unexpected end of stream", new EOFException())))
                .isEqualTo("reset");
        assertThat(FailureReason.of(new SocketTimeoutException("Read timed out")))
                .isEqualTo("timeout");
    }

    @Test
    void failuresThatWouldRepeatIdenticallyAreNotRetried() {
        assertThat(FailureReason.of(new UnknownHostException("no-such-host"))).isNull();
        assertThat(FailureReason.of(new InterruptedIOException("timeout")))
                .as("the call deadline")
                .isNull();
        assertThat(FailureReason.of(new SSLHandshakeException("PKIX path building failed")))
                .isNull();
        assertThat(FailureReason.of(new ServiceDiscoveryException("inventory", "no healthy instance")))
                .isNull();
        assertThat(FailureReason.of(new IOException("Canceled"))).isNull();
    }

    private static Response withRetryAfter(String value) {
        Response.Builder response = new Response.Builder()
                .request(new Request.Builder().url("http://inventory/").build())
                .protocol(Protocol.HTTP_1_1)
                .code(503)
                .message("Service Unavailable");
        if (value != null) {
            response.header("Retry-After", value);
        }
        return response.build();
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1, 1000", " 7 , 7000", "120, 120000", "99999999999, 86400000"})
    void retryAfterSecondsAreReadAndBounded(String value, long millis) {
        assertThat(RetryAfter.millis(withRetryAfter(value), 0)).isEqualTo(millis);
    }

    @Test
    void retryAfterDatesAreRelativeToNowAndNeverNegative() {
        long now = Instant.parse("2026-11-25T10:00:00Z").toEpochMilli();
        assertThat(RetryAfter.millis(withRetryAfter("Wed, 25 Nov 2026 10:00:30 GMT"), now))
                .isEqualTo(30_000);
        assertThat(RetryAfter.millis(withRetryAfter("Wed, 25 Nov 2026 09:00:00 GMT"), now))
                .isZero();
    }

    @Test
    void malformedOrMissingRetryAfterGivesNoAdvice() {
        assertThat(RetryAfter.millis(withRetryAfter(null), 0)).isEqualTo(RetryAfter.NONE);
        assertThat(RetryAfter.millis(withRetryAfter("-5"), 0)).isEqualTo(RetryAfter.NONE);
        assertThat(RetryAfter.millis(withRetryAfter("1.5"), 0)).isEqualTo(RetryAfter.NONE);
        assertThat(RetryAfter.millis(withRetryAfter("soon"), 0)).isEqualTo(RetryAfter.NONE);
    }

    @Test
    void fullJitterSpansZeroToTheCappedExponentialCeiling() {
        FullJitterBackoff top = new FullJitterBackoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(2), () -> 1.0);
        assertThat(top.apply(1)).isEqualTo(100);
        assertThat(top.apply(2)).isEqualTo(200);
        assertThat(top.apply(3)).isEqualTo(400);
        assertThat(top.apply(5)).isEqualTo(1600);
        assertThat(top.apply(6)).as("capped").isEqualTo(2000);
        assertThat(top.apply(60)).isEqualTo(2000);
        FullJitterBackoff bottom = new FullJitterBackoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(2), () -> 0.0);
        assertThat(bottom.apply(4)).isZero();
        FullJitterBackoff half = new FullJitterBackoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(2), () -> 0.5);
        assertThat(half.apply(3)).isEqualTo(200);
    }

    @Test
    void theRealJitterStaysInsideTheCeiling() {
        FullJitterBackoff real = new FullJitterBackoff(
                Duration.ofMillis(100),
                2.0,
                Duration.ofSeconds(2),
                () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble());
        for (int i = 0; i < 1000; i++) {
            assertThat(real.apply(3)).isBetween(0L, 400L);
        }
        assertThat(TimeUnit.SECONDS.toMillis(2)).isEqualTo((long) real.ceilingMillis(10));
    }
}
