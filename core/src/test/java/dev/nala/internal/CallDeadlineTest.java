package dev.nala.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CallDeadlineTest {
    private SlowUpstream upstream;
    private OkHttpClient baseClient;

    @BeforeEach
    void start() throws IOException {
        upstream = SlowUpstream.start();
        baseClient = new OkHttpClient();
    }

    @AfterEach
    void stop() {
        upstream.close();
        baseClient.dispatcher().executorService().shutdown();
        baseClient.connectionPool().evictAll();
    }

    private Call call(Duration deadline, String path) {
        return upstream.armedCall(baseClient, path, deadline);
    }

    @Test
    void cancelsACallWhoseResponseDoesNotComeInTime() {
        assertThatThrownBy(() -> call(Duration.ofMillis(300), "/slow-headers").execute())
                .isInstanceOf(InterruptedIOException.class)
                .hasMessage("timeout");
    }

    @Test
    void coversReadingTheResponseBody() throws IOException {
        try (Response response = call(Duration.ofMillis(500), "/slow-body").execute()) {
            assertThat(response.code()).isEqualTo(200);
            assertThatThrownBy(() -> response.body().string()).isInstanceOf(IOException.class);
        }
    }

    @Test
    void keepsAShorterTimeoutTheCallerSet() {
        Call call = call(Duration.ofMinutes(5), "/slow-headers");
        call.timeout().timeout(300, TimeUnit.MILLISECONDS);
        assertThatThrownBy(call::execute)
                .isInstanceOf(InterruptedIOException.class)
                .hasMessage("timeout");
        assertThat(call.timeout().timeoutNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
    }

    @Test
    void replacesALongerTimeout() {
        Call call = call(Duration.ofMillis(300), "/slow-headers");
        call.timeout().timeout(5, TimeUnit.MINUTES);
        assertThatThrownBy(call::execute)
                .isInstanceOf(InterruptedIOException.class)
                .hasMessage("timeout");
        assertThat(call.timeout().timeoutNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
    }

    @Test
    void remainingTimeCountsDown() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        assertThat(CallDeadline.remainingNanos(deadline))
                .isPositive()
                .isLessThanOrEqualTo(TimeUnit.SECONDS.toNanos(60));
        assertThat(CallDeadline.remainingNanos(System.nanoTime() - 1)).isNegative();
    }
}
