package dev.nala.mode.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nala.HttpClientFactory;
import dev.nala.mode.standalone.fixtures.Upstream;
import dev.nala.testing.Enqueued;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

/**
 * Calls made with {@code enqueue()} to one logical service all share its name as URL host; OkHttp's
 * own dispatcher would run only 5 of them at once. The factory's runs {@code nala.dispatcher}'s.
 */
class AsyncConcurrencyTest {
    private static final int CALLS = 40;

    @Test
    void fortyAsyncCallsToOneServiceAreAllInFlightAtOnce() throws Exception {
        try (Upstream first = Upstream.start();
                Upstream second = Upstream.start();
                HttpClientFactory factory =
                        StandaloneFactories.standalone("nala.services.inventory { discovery = static,"
                                + " endpoints = [\"" + first.endpoint() + "\", \"" + second.endpoint() + "\"] }")) {
            first.hold();
            second.hold();
            List<CompletableFuture<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                Request request =
                        new Request.Builder().url("http://inventory/items/" + i).build();
                statuses.add(Enqueued.status(factory.client().newCall(request)));
            }
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(first.hits() + second.hits())
                            .as("requests held at the instances")
                            .isEqualTo(CALLS));
            first.release();
            second.release();
            for (CompletableFuture<Integer> status : statuses) {
                assertThat(status.get(10, TimeUnit.SECONDS)).isEqualTo(200);
            }
        }
    }

    @Test
    void theLimitsComeFromTheSettings() {
        try (HttpClientFactory factory =
                StandaloneFactories.standalone("nala.dispatcher { max-requests = 12, max-requests-per-host = 3 }")) {
            assertThat(factory.client().dispatcher().getMaxRequests()).isEqualTo(12);
            assertThat(factory.client().dispatcher().getMaxRequestsPerHost()).isEqualTo(3);
        }
    }
}
