package dev.nala.mode.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.nala.HttpClientFactory;
import io.opentelemetry.api.OpenTelemetry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** Mesh mode never talks to Consul and starts no Consul thread, even when Consul is configured. */
class NoConsulTest {

    @Test
    void noConsulRequestAndNoConsulThread() throws Exception {
        AtomicInteger consulRequests = new AtomicInteger();
        HttpServer consul = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        consul.createContext("/", exchange -> {
            consulRequests.incrementAndGet();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        consul.start();
        try (MockWebServer upstream = new MockWebServer()) {
            upstream.start(InetAddress.getLoopbackAddress(), 0);
            Map<String, String> env = Map.of(
                    "CONSUL_HTTP_ADDR",
                    "127.0.0.1:" + consul.getAddress().getPort(),
                    "CONSUL_HTTP_TOKEN",
                    "consul-acl-token");
            String hocon = "nala.services.\"payment-service\".discovery = consul\n"
                    + "nala.services.inventory { discovery = static, endpoints = [\"10.0.0.5:8080\"] }";
            try (HttpClientFactory factory = MeshFactories.mesh(hocon, env, OpenTelemetry.noop())) {
                OkHttpClient client = factory.client()
                        .newBuilder()
                        .dns(ClusterDns.clusterLocal())
                        .build();
                for (String service : new String[] {"payment-service", "inventory", "ledger"}) {
                    upstream.enqueue(new MockResponse.Builder().build());
                    String url = "http://" + service + ":" + upstream.getPort() + "/";
                    try (Response response = client.newCall(
                                    new Request.Builder().url(url).build())
                            .execute()) {
                        assertThat(response.code()).isEqualTo(200);
                    }
                }
                assertThat(upstream.getRequestCount()).isEqualTo(3);
                assertThat(Thread.getAllStackTraces().keySet())
                        .extracting(thread -> thread.getName().toLowerCase(Locale.ROOT))
                        .noneMatch(name -> name.contains("consul"));
            }
        } finally {
            consul.stop(0);
        }
        assertThat(consulRequests.get()).isZero();
    }
}
