package dev.nala.mode.standalone;

import static dev.nala.mode.standalone.StandaloneFactories.FAST_BACKOFF;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nala.CircuitOpenException;
import dev.nala.HttpClientFactory;
import dev.nala.discovery.testing.ConsulStandIn;
import dev.nala.mode.standalone.fixtures.Upstream;
import java.io.IOException;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** Endpoint selection and the service breaker as the factory wires them: inside the retry loop. */
class BalancingInTheChainTest {

    @Test
    void eachRetryGoesToAnotherEndpoint() throws Exception {
        try (Upstream first = Upstream.start().answer(503);
                Upstream second = Upstream.start().answer(503);
                Upstream third = Upstream.start().answer(503);
                HttpClientFactory factory = StandaloneFactories.standalone(FAST_BACKOFF
                        + "nala.services.orders { discovery = static, endpoints = [\"" + first.endpoint() + "\", \""
                        + second.endpoint() + "\", \"" + third.endpoint() + "\"] }")) {
            assertThat(get(factory.client())).isEqualTo(503);
            assertThat(first.hits()).isEqualTo(1);
            assertThat(second.hits()).isEqualTo(1);
            assertThat(third.hits()).isEqualTo(1);
        }
    }

    @Test
    void anOpenBreakerEndsTheCallWithoutSendingOrRetrying() throws Exception {
        try (Upstream failing = Upstream.start().answer(500);
                HttpClientFactory factory = StandaloneFactories.standalone(FAST_BACKOFF
                        + "nala.services.orders { discovery = static, endpoints = [\"" + failing.endpoint() + "\"]\n"
                        + "circuit-breaker { sliding-window-size = 20, minimum-calls = 20 } }")) {
            CircuitOpenException open = null;
            for (int call = 0; call < 20 && open == null; call++) {
                try {
                    get(factory.client());
                } catch (CircuitOpenException e) {
                    open = e;
                }
            }
            assertThat(open)
                    .as("the breaker opened within 20 calls of 3 attempts")
                    .isNotNull();
            assertThat(open.service()).isEqualTo("orders");
            assertThat(failing.hits())
                    .as("attempts, each counted by the breaker")
                    .isEqualTo(20);
            for (int call = 0; call < 10; call++) {
                try {
                    get(factory.client());
                } catch (CircuitOpenException expected) {
                    // fails fast
                }
            }
            assertThat(failing.hits()).isEqualTo(20);
        }
    }

    @Test
    void closingTheFactoryStopsTheConsulWatches() throws Exception {
        try (ConsulStandIn consul = ConsulStandIn.start();
                Upstream upstream = Upstream.start()) {
            consul.register("orders", "orders-1", "127.0.0.1", upstream.port());
            HttpClientFactory factory =
                    StandaloneFactories.standalone("nala.consul { address = \"" + consul.address() + "\", wait = 1s }");
            assertThat(get(factory.client())).isEqualTo(200);
            assertThat(watchThreads()).isPositive();
            factory.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> watchThreads() == 0);
        }
    }

    private static long watchThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("nala-consul-watch-"))
                .count();
    }

    private static int get(OkHttpClient client) throws IOException {
        try (Response response = client.newCall(
                        new Request.Builder().url("http://orders/").build())
                .execute()) {
            return response.code();
        }
    }
}
