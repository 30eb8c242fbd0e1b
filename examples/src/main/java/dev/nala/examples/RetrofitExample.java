package dev.nala.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.nala.HttpClientFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import retrofit2.Call;
import retrofit2.Response;
import retrofit2.Retrofit;
import retrofit2.converter.scalars.ScalarsConverterFactory;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.POST;
import retrofit2.http.Path;

/**
 * Retrofit on top of Nala: hand {@code factory.client()} to Retrofit as its call factory, and
 * every call Retrofit makes goes through Nala's chain (retries, discovery and TLS in standalone
 * mode; one attempt and trace context in mesh mode). Nothing else changes in Retrofit code.
 *
 * <p>Run it from the repository root: {@code mvn -B -q -Pretrofit-example -DskipTests verify}.
 * It starts a small local payment service and calls it through a Retrofit interface.
 */
public final class RetrofitExample {

    /** The remote API, as a Retrofit interface. */
    public interface PaymentApi {
        @GET("balance/{account}")
        Call<String> balance(@Path("account") String account);

        @POST("charge/{account}")
        Call<String> charge(@Path("account") String account, @Body String amount);
    }

    private RetrofitExample() {}

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    /**
     * The one line that matters: Nala's shared client as Retrofit's call factory. In a real
     * service the base URL names the logical service, {@code http://payment-service/}, and
     * Nala finds it (Consul or a static list in standalone mode, the Kubernetes name in mesh mode).
     */
    static Retrofit retrofit(HttpClientFactory factory, String baseUrl) {
        return new Retrofit.Builder()
                .baseUrl(baseUrl)
                .callFactory(factory.client())
                .addConverterFactory(ScalarsConverterFactory.create())
                .build();
    }

    static void run(PrintStream out) throws IOException {
        HttpServer paymentService = startPaymentService();
        // HttpClientFactory.create() reads application.conf and NALA_DEPLOYMENT_MODE; one per application.
        try (HttpClientFactory factory = HttpClientFactory.create()) {
            // The demo's service runs on this machine, so it is called by address.
            String baseUrl = "http://127.0.0.1:" + paymentService.getAddress().getPort() + "/";
            PaymentApi payments = retrofit(factory, baseUrl).create(PaymentApi.class);

            out.println("Retrofit over Nala (" + factory.mode() + " mode), payment service at " + baseUrl);
            Response<String> balance = payments.balance("acct-7").execute();
            out.println("GET  balance/acct-7 -> " + balance.code() + " " + balance.body());
            Response<String> charge = payments.charge("acct-7", "5.00").execute();
            out.println("POST charge/acct-7 -> " + charge.code() + " " + charge.body());
        } finally {
            paymentService.stop(0);
        }
    }

    private static HttpServer startPaymentService() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/balance/", exchange -> {
            String account = exchange.getRequestURI().getPath().substring("/balance/".length());
            reply(exchange, 200, "balance of " + account + ": 42.00 EUR");
        });
        server.createContext("/charge/", exchange -> {
            String account = exchange.getRequestURI().getPath().substring("/charge/".length());
            String amount = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean post = exchange.getRequestMethod().equals("POST");
            reply(exchange, post ? 201 : 405, post ? "charged " + amount + " to " + account : "use POST");
        });
        server.start();
        return server;
    }

    private static void reply(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
