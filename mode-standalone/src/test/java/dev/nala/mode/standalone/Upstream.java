package dev.nala.mode.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A MockWebServer on 127.0.0.1 that counts the requests it receives and answers each with the
 * status {@link #answer} gives for the request's number (1-based); it can hold requests until
 * {@link #release()}.
 */
public final class Upstream implements AutoCloseable {
    private final MockWebServer server = new MockWebServer();
    private final AtomicInteger hits = new AtomicInteger();
    private volatile IntUnaryOperator status = n -> 200;
    private volatile CountDownLatch gate;

    private Upstream() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                int n = hits.incrementAndGet();
                CountDownLatch held = gate;
                if (held != null) {
                    held.await(30, TimeUnit.SECONDS);
                }
                return new MockResponse.Builder().code(status.applyAsInt(n)).body("answer " + n).build();
            }
        });
        try {
            server.start(InetAddress.getByName("127.0.0.1"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Upstream start() {
        return new Upstream();
    }

    /** Answers every request with {@code code}. */
    public Upstream answer(int code) {
        return answer(n -> code);
    }

    public Upstream answer(IntUnaryOperator statusForRequestNumber) {
        status = statusForRequestNumber;
        return this;
    }

    /** Holds every request from now on until {@link #release()}. */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    public void release() {
        CountDownLatch held = gate;
        gate = null;
        if (held != null) {
            held.countDown();
        }
    }

    public int hits() {
        return hits.get();
    }

    public int port() {
        return server.getPort();
    }

    /** {@code 127.0.0.1:<port>}, as discovery lists it. */
    public String endpoint() {
        return "127.0.0.1:" + port();
    }

    @Override
    public void close() {
        release();
        server.close();
    }
}
