package dev.nala.discovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nala.settings.ConsulSettings;
import dev.nala.settings.Secret;
import dev.nala.spi.ServiceName;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Reads a service's healthy instances from Consul: {@code GET /v1/health/service/<name>?passing},
 * as a blocking query when given an index.
 *
 * <p>It has its own plain {@link OkHttpClient}, not the application's Nala chain (Consul is not a
 * logical service and must not be retried or load balanced by Nala). The ACL token travels only
 * in the {@value #TOKEN_HEADER} header: never in the URL (URLs end up in access logs), never in a
 * log line or an exception message. Redirects are not followed, so the header cannot be carried
 * to another host.
 */
final class ConsulHealthClient implements AutoCloseable {
    static final String TOKEN_HEADER = "X-Consul-Token";
    static final String INDEX_HEADER = "X-Consul-Index";
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration READ_TIMEOUT_MARGIN = Duration.ofSeconds(5);
    private static final int ERROR_BODY_LIMIT = 200;
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** A successful answer: the entries that parsed, a description of each that did not, and the index. */
    record Answer(List<HealthEntry> entries, List<String> malformed, long index) {}

    private final ConsulSettings settings;
    private final OkHttpClient http;
    private final String address;

    ConsulHealthClient(ConsulSettings settings) {
        this.settings = settings;
        this.address = describeAddress(settings.address());
        this.http = new OkHttpClient.Builder()
                .connectTimeout(CONNECT_TIMEOUT)
                .readTimeout(readTimeoutFor(settings.blockingWait()))
                .writeTimeout(CONNECT_TIMEOUT)
                .followRedirects(false)
                .followSslRedirects(false)
                .build();
    }

    /**
     * Consul holds a blocking query for up to {@code wait} plus a random wait/16, so the read
     * timeout must be longer than wait * 17/16, or every quiet watch would time out.
     */
    static Duration readTimeoutFor(Duration wait) {
        return wait.plus(wait.dividedBy(16)).plus(READ_TIMEOUT_MARGIN);
    }

    /** Consul's base address for messages, e.g. {@code http://127.0.0.1:8500}. */
    String address() {
        return address;
    }

    static String describeAddress(HttpUrl address) {
        String text = address.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    /**
     * A query ready to run; {@link Call#cancel()} from another thread aborts it at once.
     *
     * @param index 0 for a query that answers at once, else the blocking index (at least 1)
     */
    Call newCall(ServiceName service, long index) {
        Request.Builder request = new Request.Builder().url(urlFor(service, index)).get();
        Optional<Secret> token = settings.token();
        token.ifPresent(t -> request.header(TOKEN_HEADER, t.reveal()));
        return http.newCall(request.build());
    }

    HttpUrl urlFor(ServiceName service, long index) {
        HttpUrl.Builder url = settings.address().newBuilder()
                .addPathSegments("v1/health/service")
                .addPathSegment(service.value())
                .addQueryParameter("passing", null);
        settings.datacenter().ifPresent(dc -> url.addQueryParameter("dc", dc));
        settings.tag().ifPresent(tag -> url.addQueryParameter("tag", tag));
        switch (settings.consistency()) {
            case STALE -> url.addQueryParameter("stale", null);
            case CONSISTENT -> url.addQueryParameter("consistent", null);
            case DEFAULT -> { }
        }
        if (index > 0) {
            url.addQueryParameter("index", Long.toString(index));
            url.addQueryParameter("wait", goDuration(settings.blockingWait()));
        }
        return url.build();
    }

    /** Consul parses {@code wait} as a Go duration: {@code 55s}, {@code 1500ms}. */
    static String goDuration(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + "s" : millis + "ms";
    }

    /** Runs the query on the calling thread. */
    Answer execute(Call call) throws IOException {
        try (Response response = call.execute()) {
            if (!response.isSuccessful()) {
                throw errorAnswer(response);
            }
            long index = parseIndex(response.header(INDEX_HEADER));
            JsonNode body;
            try (InputStream in = response.body().byteStream()) {
                body = JSON.readTree(in);
            }
            if (body == null || !body.isArray()) {
                throw new IOException("Consul answered HTTP " + response.code()
                        + " with something other than a JSON array of instances");
            }
            List<HealthEntry> entries = new ArrayList<>(body.size());
            List<String> malformed = new ArrayList<>();
            for (JsonNode element : body) {
                try {
                    entries.add(JSON.treeToValue(element, HealthEntry.class));
                } catch (JsonProcessingException e) {
                    malformed.add("malformed entry " + SafeText.of(element.toString(), 160) + ": "
                            + SafeText.of(e.getOriginalMessage(), 160));
                }
            }
            return new Answer(entries, malformed, index);
        }
    }

    private ConsulErrorAnswer errorAnswer(Response response) throws IOException {
        String body = response.peekBody(ERROR_BODY_LIMIT).string().trim();
        String message = "Consul answered HTTP " + response.code()
                + (body.isEmpty() ? "" : ": " + SafeText.of(scrub(body), ERROR_BODY_LIMIT));
        if (response.code() == 401 || response.code() == 403) {
            message += " (check the ACL token: nala.consul.token or env CONSUL_HTTP_TOKEN; it needs service:read and node:read)";
        }
        return new ConsulErrorAnswer(response.code(), message);
    }

    private static long parseIndex(String header) {
        if (header == null) {
            return 0;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A failure as one safe line for logs and messages: no token, no control characters. */
    String describe(Throwable failure) {
        String message = failure.getMessage();
        String text = failure instanceof ConsulErrorAnswer
                ? message
                : failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return SafeText.of(scrub(text), 300);
    }

    private String scrub(String text) {
        Optional<Secret> token = settings.token();
        if (token.isEmpty() || text == null) {
            return text;
        }
        return text.replace(token.get().reveal(), "<redacted>");
    }

    @Override
    public void close() {
        http.dispatcher().cancelAll();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
