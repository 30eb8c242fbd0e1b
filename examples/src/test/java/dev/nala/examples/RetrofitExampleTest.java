package dev.nala.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.ConfigFactory;
import dev.nala.DeploymentMode;
import dev.nala.FactoryClosedException;
import dev.nala.HttpClientFactory;
import io.opentelemetry.api.OpenTelemetry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import retrofit2.Retrofit;
import retrofit2.converter.scalars.ScalarsConverterFactory;
import retrofit2.http.GET;
import retrofit2.http.Path;

/** Runs the Retrofit example, so it cannot rot, and checks that Retrofit really calls through Nala. */
class RetrofitExampleTest {

    @Test
    void theExampleCallsItsServiceThroughRetrofit() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        RetrofitExample.run(new PrintStream(printed, true, StandardCharsets.UTF_8));
        String output = printed.toString(StandardCharsets.UTF_8);

        assertThat(output).contains("Retrofit over Nala (");
        // The answers depend on the path parameter, the method and the request body Retrofit sent.
        assertThat(output).contains("GET  balance/acct-7 -> 200 balance of acct-7: 42.00 EUR");
        assertThat(output).contains("POST charge/acct-7 -> 201 charged 5.00 to acct-7");
    }

    @Test
    void retrofitUsesTheFactorysClientSoItsCallsGoThroughNalasChain() throws Exception {
        HttpClientFactory factory = HttpClientFactory.builder()
                .config(ConfigFactory.empty())
                .mode(DeploymentMode.STANDALONE)
                .openTelemetry(OpenTelemetry.noop())
                .build();
        Retrofit retrofit = RetrofitExample.retrofit(factory, "http://127.0.0.1:9/");
        assertThat(retrofit.callFactory()).isSameAs(factory.client());

        // Nala's own interceptor answers once the factory is closed: proof the call ran through Nala.
        factory.close();
        RetrofitExample.PaymentApi payments = retrofit.create(RetrofitExample.PaymentApi.class);
        assertThatThrownBy(() -> payments.balance("acct-7").execute()).isInstanceOf(FactoryClosedException.class);
    }

    /** Retrofit's {@code CompletableFuture} return type, which runs each call with {@code enqueue()}. */
    interface InventoryApi {
        @GET("items/{id}")
        CompletableFuture<String> item(@Path("id") int id);
    }

    /**
     * Forty calls through Retrofit's {@code CompletableFuture} adapter to one logical service of two
     * instances: all forty are at the instances at once (OkHttp's own dispatcher would let 5 per
     * host through, and every call has the service's name as host).
     */
    @Test
    void retrofitsAsyncCallsToOneServiceAreAllInFlightAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger arrived = new AtomicInteger();
        HttpServer first = heldServer(arrived, release);
        HttpServer second = heldServer(arrived, release);
        try (HttpClientFactory factory = HttpClientFactory.builder()
                .config(ConfigFactory.parseString(
                        "nala.services.inventory { discovery = static, endpoints = [\"127.0.0.1:"
                                + first.getAddress().getPort() + "\", \"127.0.0.1:"
                                + second.getAddress().getPort() + "\"] }"))
                .mode(DeploymentMode.STANDALONE)
                .openTelemetry(OpenTelemetry.noop())
                .build()) {
            InventoryApi inventory = new Retrofit.Builder()
                    .baseUrl("http://inventory/")
                    .callFactory(factory.client())
                    .addConverterFactory(ScalarsConverterFactory.create())
                    .build()
                    .create(InventoryApi.class);
            List<CompletableFuture<String>> items = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                items.add(inventory.item(i));
            }
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(arrived)
                            .as("requests held at the instances")
                            .hasValue(40));
            release.countDown();
            for (int i = 0; i < 40; i++) {
                assertThat(items.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("item");
            }
        } finally {
            release.countDown();
            first.stop(0);
            second.stop(0);
        }
    }

    private static HttpServer heldServer(AtomicInteger arrived, CountDownLatch release) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newCachedThreadPool(DaemonThreads.named("held-inventory")));
        server.createContext("/", exchange -> {
            arrived.incrementAndGet();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "item".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }
}
