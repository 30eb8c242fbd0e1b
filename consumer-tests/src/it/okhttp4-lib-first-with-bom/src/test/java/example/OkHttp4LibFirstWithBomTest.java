package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.ConfigFactory;
import dev.nala.HttpClientFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OkHttp4LibFirstWithBomTest {
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

    @Test
    void theOkHttp4LibrarysInterceptorWorksOnNalasClient() throws IOException {
        List<String> lines = new CopyOnWriteArrayList<>();
        String config = "nala.services.greeting { discovery = static, endpoints = [\"127.0.0.1:"
                + greetingService.getAddress().getPort() + "\"] }";
        try (HttpClientFactory factory = HttpClientFactory.create(ConfigFactory.parseString(config));
                Response response = LoggedClient.of(factory, lines)
                        .newCall(new Request.Builder().url("http://greeting/hello").build())
                        .execute()) {
            assertEquals(200, response.code());
            assertEquals("hello", response.body().string());
        }
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("--> GET http://") && line.endsWith("/hello")),
                () -> "logged: " + lines);
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("<-- 200 ")), () -> "logged: " + lines);
    }

    @Test
    void theOnlyOkHttpOnTheClassPathIsOkHttpJvm5() throws IOException {
        List<URL> copies = Collections.list(getClass().getClassLoader().getResources("okhttp3/OkHttpClient.class"));
        String expectedJar = "okhttp-jvm-" + System.getProperty("expected.okhttp.version") + ".jar";

        assertEquals(1, copies.size(), () -> "okhttp3.OkHttpClient is in " + copies);
        assertTrue(copies.get(0).toString().contains("/" + expectedJar + "!"), () -> copies.get(0) + " is not " + expectedJar);
        String classPath = System.getProperty("java.class.path");
        assertFalse(classPath.contains("okhttp-4.12.0.jar"), () -> "OkHttp 4 is on the class path: " + classPath);
    }
}
