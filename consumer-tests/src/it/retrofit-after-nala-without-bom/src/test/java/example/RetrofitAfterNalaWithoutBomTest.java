package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.Config;
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
import okhttp3.Request;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import retrofit2.Response;
import retrofit2.Retrofit;

class RetrofitAfterNalaWithoutBomTest {
    private HttpServer greetingService;

    @BeforeEach
    void startGreetingService() throws IOException {
        greetingService = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        greetingService.createContext("/hello/", exchange -> {
            byte[] body = ("hello " + exchange.getRequestURI().getPath().substring("/hello/".length()))
                    .getBytes(StandardCharsets.UTF_8);
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

    /** The logical service "greeting", found through a static list in standalone mode. */
    private Config config() {
        return ConfigFactory.parseString("nala.services.greeting { discovery = static, endpoints = [\"127.0.0.1:"
                + greetingService.getAddress().getPort() + "\"] }");
    }

    @Test
    void retrofitCallsTheServiceThroughNala() throws IOException {
        try (HttpClientFactory factory = HttpClientFactory.create(config())) {
            GreetingApi api = new Retrofit.Builder()
                    .baseUrl("http://greeting/")
                    .callFactory(factory.client())
                    .build()
                    .create(GreetingApi.class);

            Response<ResponseBody> response = api.hello("retrofit").execute();

            assertEquals(200, response.code());
            assertEquals("hello retrofit", response.body().string());
        }
    }

    @Test
    void okHttpCallsTheServiceThroughNala() throws IOException {
        try (HttpClientFactory factory = HttpClientFactory.create(config());
                okhttp3.Response response = factory.client()
                        .newCall(new Request.Builder().url("http://greeting/hello/okhttp").build())
                        .execute()) {
            assertEquals(200, response.code());
            assertEquals("hello okhttp", response.body().string());
        }
    }

    @Test
    void theOnlyOkHttpOnTheClassPathIsOkHttpJvm5() throws IOException {
        List<URL> copies = Collections.list(getClass().getClassLoader().getResources("okhttp3/OkHttpClient.class"));
        String expectedJar = "okhttp-jvm-" + System.getProperty("expected.okhttp.version") + ".jar";

        assertEquals(1, copies.size(), () -> "okhttp3.OkHttpClient is in " + copies);
        assertTrue(copies.get(0).toString().contains("/" + expectedJar + "!"), () -> copies.get(0) + " is not " + expectedJar);
        String classPath = System.getProperty("java.class.path");
        assertFalse(classPath.contains("okhttp-3.14.9.jar"), () -> "OkHttp 3 is on the class path: " + classPath);
    }
}
