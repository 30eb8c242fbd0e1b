package dev.nala.discovery;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.ConsulSettings;
import dev.nala.internal.settings.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Reads a service's healthy instances from Consul ({@code /v1/health/service/<name>?passing}) with
 * a plain client of its own, not the Nala chain; token, timeouts and limits: docs/discovery.md,
 * "What Nala asks".
 */
final class ConsulHealthClient implements AutoCloseable {
    static final String TOKEN_HEADER = "X-Consul-Token";
    static final String INDEX_HEADER = "X-Consul-Index";
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** For the answer to travel once Consul sends it. */
    static final Duration QUERY_MARGIN = Duration.ofSeconds(5);

    private static final int ERROR_BODY_LIMIT = 200;

    record Answer(InstanceAddresses.Result instances, long index) {}

    private final ConsulSettings settings;
    private final OkHttpClient http;
    private final String address;

    ConsulHealthClient(ConsulSettings settings) {
        this(settings, List.of());
    }

    /** @param interceptors tests use them to inject faults */
    ConsulHealthClient(ConsulSettings settings, List<Interceptor> interceptors) {
        this.settings = settings;
        this.address = describeAddress(settings.address());
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(CONNECT_TIMEOUT)
                .readTimeout(readTimeoutFor(settings.blockingWait()))
                .writeTimeout(CONNECT_TIMEOUT)
                .followRedirects(false)
                .followSslRedirects(false);
        interceptors.forEach(http::addInterceptor);
        this.http = http.build();
    }

    /** Consul holds a blocking query for up to {@code wait} plus a random wait/16. */
    static Duration readTimeoutFor(Duration wait) {
        return wait.plus(wait.dividedBy(16)).plus(QUERY_MARGIN);
    }

    /**
     * From connecting to the body's last byte: the read timeout alone bounds only the pause between
     * two bytes. A query without index usually opens a connection, hence the connect timeout.
     */
    static Duration deadlineFor(Duration wait, long index) {
        return index > 0 ? readTimeoutFor(wait) : CONNECT_TIMEOUT.plus(QUERY_MARGIN);
    }

    /** E.g. {@code http://127.0.0.1:8500}. */
    String address() {
        return address;
    }

    static String describeAddress(HttpUrl address) {
        String text = address.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    /**
     * {@link Call#cancel()} from another thread aborts it at once.
     *
     * @param index 0 for a query that answers at once, else the blocking index (at least 1)
     */
    Call newCall(ServiceName service, long index) {
        Request.Builder request =
                new Request.Builder().url(urlFor(service, index)).get();
        Optional<Secret> token = settings.token();
        token.ifPresent(t -> request.header(TOKEN_HEADER, t.reveal()));
        Call call = http.newCall(request.build());
        call.timeout().timeout(deadlineFor(settings.blockingWait(), index).toNanos(), NANOSECONDS);
        return call;
    }

    HttpUrl urlFor(ServiceName service, long index) {
        HttpUrl.Builder url = settings.address()
                .newBuilder()
                .addPathSegments("v1/health/service")
                .addPathSegment(service.value())
                .addQueryParameter("passing", null);
        settings.datacenter().ifPresent(dc -> url.addQueryParameter("dc", dc));
        settings.tag().ifPresent(tag -> url.addQueryParameter("tag", tag));
        switch (settings.consistency()) {
            case STALE -> url.addQueryParameter("stale", null);
            case CONSISTENT -> url.addQueryParameter("consistent", null);
            case DEFAULT -> {}
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

    /**
     * @throws ConsulErrorAnswer for an HTTP error status
     * @throws ConsulBadAnswer for an answer that is too large, or not a JSON array, or whose entries
     *     are all invalid (an empty array is news: no instance passes its checks)
     * @throws IOException when Consul cannot be reached, or the query outlived its deadline
     */
    Answer execute(Call call) throws IOException {
        long started = System.nanoTime();
        try (Response response = call.execute()) {
            if (!response.isSuccessful()) {
                throw errorAnswer(response);
            }
            long index = parseIndex(response.header(INDEX_HEADER));
            long limit = settings.maxAnswerSize();
            long announced = response.body().contentLength();
            if (announced > limit) {
                throw tooLarge("announces " + announced + " bytes");
            }
            InstanceAddresses.Result instances;
            try (InputStream in = new SizeLimitedInputStream(
                    response.body().byteStream(), limit, () -> tooLarge("goes on past the limit"))) {
                instances = HealthAnswerReader.read(in);
            }
            if (instances.noneUsable()) {
                throw new ConsulBadAnswer("Consul listed " + instances.entries() + " instance(s) and none is usable"
                        + " (an empty array would mean none passes its checks); the first: "
                        + instances.described().iterator().next());
            }
            return new Answer(instances, index);
        } catch (IOException e) {
            long deadline = call.timeout().timeoutNanos();
            if (call.isCanceled() && System.nanoTime() - started >= deadline) {
                throw new IOException(
                        "Consul did not finish answering within " + goDuration(Duration.ofNanos(deadline))
                                + ", the query's deadline",
                        e);
            }
            throw e;
        }
    }

    private ConsulBadAnswer tooLarge(String how) {
        return new ConsulBadAnswer("Consul's answer " + how + ": larger than nala.consul.max-answer-size = "
                + writtenSize(settings.maxAnswerSize()));
    }

    /** 1GiB, 16MiB, 512KiB, or bytes. */
    static String writtenSize(long bytes) {
        if (bytes != 0 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + "GiB";
        }
        if (bytes != 0 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + "MiB";
        }
        if (bytes != 0 && bytes % (1L << 10) == 0) {
            return (bytes >> 10) + "KiB";
        }
        return bytes + "B";
    }

    private ConsulErrorAnswer errorAnswer(Response response) throws IOException {
        String body = response.peekBody(ERROR_BODY_LIMIT).string().trim();
        String message = "Consul answered HTTP " + response.code()
                + (body.isEmpty() ? "" : ": " + SafeText.of(scrub(body), ERROR_BODY_LIMIT));
        if (response.code() == 401 || response.code() == 403) {
            message +=
                    " (check the ACL token: nala.consul.token or env CONSUL_HTTP_TOKEN; it needs service:read and node:read)";
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

    /** One safe line for logs and messages: no token, no control characters. */
    String describe(Throwable failure) {
        String message = failure.getMessage();
        String text = failure instanceof ConsulErrorAnswer || failure instanceof ConsulBadAnswer
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
