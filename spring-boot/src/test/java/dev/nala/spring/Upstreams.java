package dev.nala.spring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/** Upstreams the tests start on 127.0.0.1. */
final class Upstreams {
    private Upstreams() {}

    static MockWebServer started() {
        MockWebServer server = new MockWebServer();
        try {
            server.start(InetAddress.getByName("127.0.0.1"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return server;
    }

    static MockResponse answer(int code, String body) {
        return new MockResponse.Builder().code(code).body(body).build();
    }
}
