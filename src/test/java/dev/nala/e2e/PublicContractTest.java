package dev.nala.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.nala.DeploymentMode;
import dev.nala.HttpClientFactory;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The code of DESIGN.md's "public contract", compiled and run against every module together. */
class PublicContractTest {
    private HttpServer upstream;
    private final AtomicInteger hits = new AtomicInteger();

    @BeforeEach
    void startUpstream() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/", exchange -> {
            hits.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        upstream.start();
    }

    @AfterEach
    void stopUpstream() {
        upstream.stop(0);
    }

    @Test
    void theContractCompilesAndCallsThroughBothModes() throws IOException {
        Config config = ConfigFactory.parseString("nala.defaults.call-timeout = 5s");
        String url = "http://127.0.0.1:" + upstream.getAddress().getPort() + "/charge";
        for (DeploymentMode mode : DeploymentMode.values()) {
            HttpClientFactory factory = HttpClientFactory.builder()
                    .config(config)
                    .mode(mode)
                    .openTelemetry(OpenTelemetry.noop())
                    .build();
            assertThat(factory.mode()).isEqualTo(mode);
            OkHttpClient client = factory.client();
            try (Response response =
                    client.newCall(new Request.Builder().url(url).build()).execute()) {
                assertThat(response.code()).isEqualTo(204);
            }
            factory.close();
            factory.close();
        }
        assertThat(hits.get()).isEqualTo(2);
        try (HttpClientFactory factory = HttpClientFactory.create(config)) {
            assertThat(factory.client()).isSameAs(factory.client());
        }
    }
}
