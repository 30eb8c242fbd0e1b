package dev.nala.spring;

import java.net.URI;
import java.util.Objects;
import okhttp3.OkHttpClient;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;

/**
 * Spring's {@link ClientHttpRequestFactory} on an {@link OkHttpClient}, for {@code RestClient} and
 * {@code RestTemplate}; Spring Framework 7 no longer ships one for OkHttp. Give it Nala's client:
 *
 * <pre>{@code
 * RestClient restClient = RestClient.builder()
 *         .requestFactory(new OkHttpClientHttpRequestFactory(factory.client()))
 *         .build();
 * }</pre>
 *
 * <p>A request body is buffered in memory before it is sent, so it has a known length and can be
 * sent again when Nala retries. Timeouts are the client's (Nala's {@code call-timeout} per service),
 * not Spring's {@code spring.http.clients.*} settings.
 */
public final class OkHttpClientHttpRequestFactory implements ClientHttpRequestFactory {
    private final OkHttpClient client;

    /** Requests sent with {@code client}, as it is (use {@code factory.client()}). */
    public OkHttpClientHttpRequestFactory(OkHttpClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public ClientHttpRequest createRequest(URI uri, HttpMethod method) {
        return new OkHttpClientHttpRequest(client, uri, method);
    }
}
