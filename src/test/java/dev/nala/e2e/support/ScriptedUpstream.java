package dev.nala.e2e.support;

import dev.nala.testing.NoDelayServerSockets;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.Headers;

/**
 * A real HTTP server on loopback whose answers follow a script, and which counts and records
 * every request that reaches it.
 */
public final class ScriptedUpstream implements AutoCloseable {
    private final MockWebServer server = new MockWebServer();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Headers> headers = new CopyOnWriteArrayList<>();
    private volatile IntFunction<MockResponse> script;

    private ScriptedUpstream(IntFunction<MockResponse> script) {
        this.script = script;
    }

    /** Starts a server answering the n-th request (from 1) with {@code script.apply(n)}. */
    public static ScriptedUpstream start(IntFunction<MockResponse> script) throws IOException {
        ScriptedUpstream upstream = new ScriptedUpstream(script);
        upstream.server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                int n = upstream.requests.incrementAndGet();
                upstream.headers.add(request.getHeaders());
                return upstream.script.apply(n);
            }
        });
        upstream.server.setServerSocketFactory(NoDelayServerSockets.INSTANCE);
        upstream.server.start(InetAddress.getLoopbackAddress(), 0);
        return upstream;
    }

    /** Changes the script from now on. */
    public void script(IntFunction<MockResponse> script) {
        this.script = script;
    }

    public int port() {
        return server.getPort();
    }

    /** Requests that reached this server. */
    public int requestCount() {
        return requests.get();
    }

    /** The headers of every request, in arrival order. */
    public List<Headers> requestHeaders() {
        return List.copyOf(headers);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    // Behaviours.

    public static MockResponse ok(String body) {
        return new MockResponse.Builder().code(200).body(body).build();
    }

    public static MockResponse status(int code) {
        return new MockResponse.Builder().code(code).build();
    }

    public static MockResponse status(int code, String retryAfter) {
        return new MockResponse.Builder()
                .code(code)
                .setHeader("Retry-After", retryAfter)
                .build();
    }

    /**
     * A 200 after which the server closes the connection without saying so (no
     * {@code Connection: close}), as a server whose idle timeout fires does: the client's pooled
     * copy is stale.
     */
    public static MockResponse okThenClose(String body) {
        return new MockResponse.Builder()
                .code(200)
                .body(body)
                .onResponseEnd(new SocketEffect.CloseSocket(true, false, false))
                .build();
    }

    /** Closes the connection after reading the request, before any response byte. */
    public static MockResponse resetBeforeResponse() {
        return new MockResponse.Builder()
                .onResponseStart(new SocketEffect.CloseSocket(true, false, false))
                .build();
    }

    /** Sends the headers and part of the body, then closes the connection. */
    public static MockResponse resetMidBody() {
        return new MockResponse.Builder()
                .code(200)
                .body("x".repeat(64 * 1024))
                .onResponseBody(new SocketEffect.CloseSocket(true, false, false))
                .build();
    }

    /** Reads the request and never answers; the connection stays open until the client gives up. */
    public static MockResponse stall() {
        return new MockResponse.Builder()
                .onResponseStart(SocketEffect.Stall.INSTANCE)
                .build();
    }

    /** Answers 200 after {@code delayMillis}. */
    public static MockResponse slow(long delayMillis) {
        return new MockResponse.Builder()
                .code(200)
                .body("slow")
                .headersDelay(delayMillis, TimeUnit.MILLISECONDS)
                .build();
    }
}
