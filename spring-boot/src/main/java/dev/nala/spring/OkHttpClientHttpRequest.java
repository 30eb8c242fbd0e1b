package dev.nala.spring;

import java.io.IOException;
import java.net.URI;
import java.util.Set;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.AbstractBufferingClientHttpRequest;
import org.springframework.http.client.ClientHttpResponse;

/** One request of {@link OkHttpClientHttpRequestFactory}: Spring's headers and buffered body, sent as one OkHttp call. */
final class OkHttpClientHttpRequest extends AbstractBufferingClientHttpRequest {
    /** Methods OkHttp refuses without a body: an empty one is sent. */
    private static final Set<String> BODY_REQUIRED = Set.of("POST", "PUT", "PATCH", "PROPPATCH", "REPORT");

    private final OkHttpClient client;
    private final URI uri;
    private final HttpMethod method;

    OkHttpClientHttpRequest(OkHttpClient client, URI uri, HttpMethod method) {
        this.client = client;
        this.uri = uri;
        this.method = method;
    }

    @Override
    public HttpMethod getMethod() {
        return method;
    }

    @Override
    public URI getURI() {
        return uri;
    }

    @Override
    protected ClientHttpResponse executeInternal(HttpHeaders headers, byte[] body) throws IOException {
        Request.Builder request = new Request.Builder().url(uri.toString());
        headers.forEach((name, values) -> values.forEach(value -> request.addHeader(name, value)));
        request.method(method.name(), body(headers, body));
        return new OkHttpClientHttpResponse(client.newCall(request.build()).execute());
    }

    private RequestBody body(HttpHeaders headers, byte[] body) {
        if (body.length == 0 && !BODY_REQUIRED.contains(method.name())) {
            return null;
        }
        String contentType = headers.getFirst(HttpHeaders.CONTENT_TYPE);
        return RequestBody.create(body, contentType != null ? MediaType.parse(contentType) : null);
    }
}
