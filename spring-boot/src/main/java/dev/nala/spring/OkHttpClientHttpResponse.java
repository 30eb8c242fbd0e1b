package dev.nala.spring;

import java.io.InputStream;
import okhttp3.Headers;
import okhttp3.Response;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpResponse;

/** An OkHttp {@link Response} as Spring's {@link ClientHttpResponse}; closing it releases the connection. */
final class OkHttpClientHttpResponse implements ClientHttpResponse {
    private final Response response;
    private HttpHeaders headers;

    OkHttpClientHttpResponse(Response response) {
        this.response = response;
    }

    @Override
    public HttpStatusCode getStatusCode() {
        return HttpStatusCode.valueOf(response.code());
    }

    @Override
    public String getStatusText() {
        return response.message();
    }

    @Override
    public HttpHeaders getHeaders() {
        if (headers == null) {
            HttpHeaders copy = new HttpHeaders();
            Headers received = response.headers();
            for (int i = 0; i < received.size(); i++) {
                copy.add(received.name(i), received.value(i));
            }
            headers = HttpHeaders.readOnlyHttpHeaders(copy);
        }
        return headers;
    }

    @Override
    public InputStream getBody() {
        return response.body().byteStream();
    }

    @Override
    public void close() {
        response.close();
    }
}
