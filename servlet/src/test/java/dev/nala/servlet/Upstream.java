package dev.nala.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.testing.NoDelayServerSockets;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Dns;
import okhttp3.Headers;

/**
 * The service the servlets call, on loopback: answers 200 to everything and keeps each request's
 * headers. It stands for {@code inventory} in the cluster: {@link #clusterDns} resolves cluster
 * names to loopback.
 */
final class Upstream implements AutoCloseable {
    private final MockWebServer server = new MockWebServer();

    Upstream() throws IOException {
        server.setServerSocketFactory(NoDelayServerSockets.INSTANCE);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(200).body("ok").build();
            }
        });
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    int port() {
        return server.getPort();
    }

    /** The headers of the next request the upstream received. */
    Headers takeHeaders() throws InterruptedException {
        RecordedRequest request = server.takeRequest(10, TimeUnit.SECONDS);
        assertThat(request).as("a request reached the upstream").isNotNull();
        return request.getHeaders();
    }

    /** Names under {@code .svc.cluster.local} resolve to 127.0.0.1; nothing else resolves. */
    static Dns clusterDns() {
        return hostname -> {
            if (hostname.endsWith(".svc.cluster.local")) {
                return List.of(InetAddress.getByAddress(hostname, new byte[] {127, 0, 0, 1}));
            }
            throw new UnknownHostException(hostname + " is not a test cluster name");
        };
    }

    @Override
    public void close() {
        server.close();
    }
}
