package dev.nala.mode.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nala.HttpClientFactory;
import dev.nala.testing.Enqueued;
import dev.nala.testing.NoDelayServerSockets;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

/**
 * In mesh mode every call to a service has the same host, its Kubernetes name; OkHttp's own
 * dispatcher would run only 5 {@code enqueue()} calls to it at once. The factory's runs
 * {@code nala.dispatcher}'s.
 */
class AsyncConcurrencyTest {
    private static final int CALLS = 40;

    @Test
    void fortyAsyncCallsToOneServiceAreAllInFlightAtOnce() throws Exception {
        AtomicInteger arrived = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        try (MockWebServer sidecar = new MockWebServer()) {
            sidecar.setServerSocketFactory(NoDelayServerSockets.INSTANCE);
            sidecar.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                    arrived.incrementAndGet();
                    release.await(30, TimeUnit.SECONDS);
                    return new MockResponse.Builder().code(200).build();
                }
            });
            sidecar.start(InetAddress.getLoopbackAddress(), 0);
            try (HttpClientFactory factory =
                    MeshFactories.mesh("nala.services.inventory.port = " + sidecar.getPort())) {
                OkHttpClient client = factory.client()
                        .newBuilder()
                        .dns(ClusterDns.clusterLocal())
                        .build();
                List<CompletableFuture<Integer>> statuses = new ArrayList<>();
                for (int i = 0; i < CALLS; i++) {
                    statuses.add(Enqueued.status(client.newCall(new Request.Builder()
                            .url("http://inventory/items/" + i)
                            .build())));
                }
                await().atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertThat(arrived.get())
                                .as("requests held at the sidecar")
                                .isEqualTo(CALLS));
                release.countDown();
                for (CompletableFuture<Integer> status : statuses) {
                    assertThat(status.get(10, TimeUnit.SECONDS)).isEqualTo(200);
                }
            } finally {
                release.countDown();
            }
        }
    }
}
