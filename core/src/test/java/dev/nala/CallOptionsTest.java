package dev.nala;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.nala.internal.CallDeadline;
import dev.nala.internal.Idempotency;
import dev.nala.testing.NoDelayServerSockets;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link CallOptions} itself, and the deadline the factory arms from it as a call enters its
 * client, seen with core's stand-in mode (which arms nothing of its own): the options'
 * timeout where it is shorter than the longest {@code call-timeout}, never longer.
 */
class CallOptionsTest {
    private MockWebServer upstream;
    private HttpClientFactory factory;

    @BeforeEach
    void start() throws Exception {
        upstream = new MockWebServer();
        upstream.setServerSocketFactory(NoDelayServerSockets.INSTANCE);
        upstream.start(InetAddress.getLoopbackAddress(), 0);
        factory = HttpClientFactory.builder()
                .environment(Environment.of(Map.of()))
                .config(ConfigFactory.parseString("nala.defaults.call-timeout = 10s"))
                .build();
    }

    @AfterEach
    void stop() {
        factory.close();
        upstream.close();
    }

    private Request.Builder request() {
        return new Request.Builder().url(upstream.url("/"));
    }

    private Duration timeoutArmedFor(Call call) throws Exception {
        upstream.enqueue(new MockResponse.Builder().build());
        try (Response response = call.execute()) {
            assertThat(response.code()).isEqualTo(200);
        }
        return CallDeadline.timeoutOf(call);
    }

    @Test
    void aShorterTimeoutIsArmedAsTheCallEnters() throws Exception {
        CallOptions options =
                CallOptions.builder().timeout(Duration.ofMillis(300)).build();
        Call call = factory.client()
                .newCall(request().tag(CallOptions.class, options).build());
        assertThat(timeoutArmedFor(call)).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aLongerTimeoutIsBoundedByTheCallTimeout() throws Exception {
        CallOptions options =
                CallOptions.builder().timeout(Duration.ofMinutes(5)).build();
        Call call = factory.client()
                .newCall(request().tag(CallOptions.class, options).build());
        assertThat(timeoutArmedFor(call)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aRequestWithoutOptionsGetsTheCallTimeout() throws Exception {
        assertThat(timeoutArmedFor(factory.client().newCall(request().build()))).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aShorterTimeoutSetOnTheOkHttpCallIsKept() throws Exception {
        CallOptions options =
                CallOptions.builder().timeout(Duration.ofSeconds(5)).build();
        Call call = factory.client()
                .newCall(request().tag(CallOptions.class, options).build());
        call.timeout().timeout(1_500, TimeUnit.MILLISECONDS);
        assertThat(timeoutArmedFor(call)).isEqualTo(Duration.ofMillis(1_500));
    }

    @Test
    void aCallThatRunsPastItsOwnTimeoutFailsWithOkHttpsTimeout() {
        upstream.enqueue(
                new MockResponse.Builder().headersDelay(30, TimeUnit.SECONDS).build());
        CallOptions options =
                CallOptions.builder().timeout(Duration.ofMillis(200)).build();
        Call call = factory.client()
                .newCall(request().tag(CallOptions.class, options).build());
        long started = System.nanoTime();
        assertThatThrownBy(call::execute)
                .isInstanceOf(InterruptedIOException.class)
                .hasMessage("timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("well before the 10 s call-timeout")
                .isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void fromReturnsTheTagOrTheDefault() {
        CallOptions options = CallOptions.builder().noRetries().build();
        assertThat(CallOptions.from(request().tag(CallOptions.class, options).build()))
                .isSameAs(options);
        assertThat(CallOptions.from(request().build())).isSameAs(CallOptions.DEFAULT);
        // The tag follows the request through newBuilder(), as interceptors copy it.
        Request tagged = request().tag(CallOptions.class, options).build();
        assertThat(CallOptions.from(tagged.newBuilder().header("x", "y").build()))
                .isSameAs(options);
    }

    @Test
    void theDefaultHasNoOption() {
        assertThat(CallOptions.DEFAULT.timeout()).isEmpty();
        assertThat(CallOptions.DEFAULT.noRetries()).isFalse();
        assertThat(CallOptions.DEFAULT.idempotent()).isFalse();
        assertThat(CallOptions.builder().build()).isSameAs(CallOptions.DEFAULT);
        assertThat(CallOptions.DEFAULT).hasToString("CallOptions{}");
    }

    @Test
    void theBuilderSetsEachOption() {
        CallOptions options = CallOptions.builder()
                .timeout(Duration.ofMillis(300))
                .noRetries()
                .idempotent()
                .build();
        assertThat(options.timeout()).contains(Duration.ofMillis(300));
        assertThat(options.noRetries()).isTrue();
        assertThat(options.idempotent()).isTrue();
        assertThat(options)
                .hasToString("CallOptions{timeout=300ms, noRetries, idempotent}")
                .isEqualTo(CallOptions.builder()
                        .idempotent()
                        .noRetries()
                        .timeout(Duration.ofMillis(300))
                        .build())
                .isNotEqualTo(
                        CallOptions.builder().timeout(Duration.ofMillis(300)).build());
    }

    @Test
    void aTimeoutMustBePositive() {
        assertThatThrownBy(() -> CallOptions.builder().timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CallOptions timeout must be a positive duration, was 0s; "
                        + "leave it unset for the service's call-timeout alone");
        assertThatThrownBy(() -> CallOptions.builder().timeout(Duration.ofMillis(-5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was -5ms");
        assertThatThrownBy(() -> CallOptions.builder().timeout(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aTimeoutTooLongForNanosecondsIsSimplyBoundedByTheCallTimeout() throws Exception {
        CallOptions options = CallOptions.builder()
                .timeout(Duration.ofSeconds(Long.MAX_VALUE))
                .build();
        Call call = factory.client()
                .newCall(request().tag(CallOptions.class, options).build());
        assertThat(timeoutArmedFor(call)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void idempotentMakesAnyMethodSafeToRepeatButNotAOneShotBody() {
        RequestBody json = RequestBody.create("{}", MediaType.get("application/json"));
        CallOptions idempotent = CallOptions.builder().idempotent().build();
        assertThat(Idempotency.isSafeToRepeat(request().post(json).build())).isFalse();
        assertThat(Idempotency.isSafeToRepeat(
                        request().post(json).tag(CallOptions.class, idempotent).build()))
                .isTrue();
        assertThat(Idempotency.isSafeToRepeat(request()
                        .patch(json)
                        .tag(
                                CallOptions.class,
                                CallOptions.builder().noRetries().build())
                        .build()))
                .isFalse();
        RequestBody oneShot = new RequestBody() {
            @Override
            public MediaType contentType() {
                return null;
            }

            @Override
            public void writeTo(okio.BufferedSink sink) {}

            @Override
            public boolean isOneShot() {
                return true;
            }
        };
        assertThat(Idempotency.canWriteBodyAgain(request()
                        .post(oneShot)
                        .tag(CallOptions.class, idempotent)
                        .build()))
                .isFalse();
    }
}
