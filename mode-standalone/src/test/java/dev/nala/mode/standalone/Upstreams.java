package dev.nala.mode.standalone;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** Loopback upstreams for tests. */
final class Upstreams {
    private Upstreams() {}

    static MockWebServer started() throws IOException {
        MockWebServer server = new MockWebServer();
        server.start(InetAddress.getLoopbackAddress(), 0);
        return server;
    }

    /** A server that answers every request with {@code code}. */
    static MockWebServer alwaysAnswering(int code) throws IOException {
        MockWebServer server = started();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder()
                        .code(code)
                        .body("status " + code)
                        .build();
            }
        });
        return server;
    }

    static MockResponse status(int code) {
        return new MockResponse.Builder().code(code).body("status " + code).build();
    }

    /** A loopback port nothing listens on. */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
