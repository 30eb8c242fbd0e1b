package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.ConfigFactory;
import dev.nala.DeploymentMode;
import dev.nala.HttpClientFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BomImportedTest {
    private HttpServer greetingService;

    @BeforeEach
    void startGreetingService() throws IOException {
        greetingService = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        greetingService.createContext("/hello", exchange -> {
            byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        greetingService.start();
    }

    @AfterEach
    void stopGreetingService() {
        greetingService.stop(0);
    }

    private int port() {
        return greetingService.getAddress().getPort();
    }

    @Test
    void standaloneModeCallsTheLogicalServiceAtItsStaticEndpoint() throws IOException {
        String config = "nala.services.greeting { discovery = static, endpoints = [\"127.0.0.1:" + port() + "\"] }";
        try (HttpClientFactory factory = HttpClientFactory.builder()
                .config(ConfigFactory.parseString(config))
                .mode(DeploymentMode.STANDALONE)
                .build()) {
            assertEquals(DeploymentMode.STANDALONE, factory.mode());
            assertEquals("hello", new Greetings(factory.client()).fetch("http://greeting/hello"));
        }
    }

    @Test
    void meshModeCallsAnAddressAsWritten() throws IOException {
        try (HttpClientFactory factory = HttpClientFactory.builder().mode(DeploymentMode.MESH).build()) {
            assertEquals(DeploymentMode.MESH, factory.mode());
            assertEquals("hello", new Greetings(factory.client()).fetch("http://127.0.0.1:" + port() + "/hello"));
        }
    }

    @Test
    void theBomManagesTheOkHttpNalaIsBuiltWith() throws IOException {
        List<URL> copies = Collections.list(getClass().getClassLoader().getResources("okhttp3/OkHttpClient.class"));
        String expectedJar = "okhttp-jvm-" + System.getProperty("expected.okhttp.version") + ".jar";

        assertEquals(1, copies.size(), () -> "okhttp3.OkHttpClient is in " + copies);
        assertTrue(copies.get(0).toString().contains("/" + expectedJar + "!"), () -> copies.get(0) + " is not " + expectedJar);
    }
}
