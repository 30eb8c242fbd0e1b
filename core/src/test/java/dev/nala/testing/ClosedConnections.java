package dev.nala.testing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;

/**
 * Counts the connections a test server has closed, so that a test which reuses a connection the
 * server closed can wait for the close instead of racing it: a request crossing the close on the
 * wire cannot be judged by any client.
 */
public final class ClosedConnections {
    private final AtomicInteger closed = new AtomicInteger();

    /** The server closed one more connection. */
    public void closed() {
        closed.incrementAndGet();
    }

    /** Waits until the server has closed {@code count} connections and the close has had a moment to reach the client. */
    public void await(int count) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> closed.get() >= count);
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
