package example;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A client of the shop: sends GET /stock/{item} with its own x-request-id. */
final class Caller {
    private Caller() {}

    static HttpResponse<String> stock(int shopPort, String item, String requestId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + shopPort + "/stock/" + item))
                .header("x-request-id", requestId)
                .build();
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
