package dev.nala;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TimeoutQueueAnchorTest {

    @BeforeEach
    void hold() {
        TimeoutQueueAnchor.hold();
    }

    @AfterEach
    void release() {
        TimeoutQueueAnchor.release();
    }

    @Test
    void goesBackIntoTheQueueEachTimeItComesDue() {
        int start = TimeoutQueueAnchor.reentries();
        // Due every 100 ms: lost after its first period if it did not enter again.
        await().atMost(Duration.ofSeconds(10)).until(() -> TimeoutQueueAnchor.reentries() >= start + 3);
    }

    @Test
    void callsStillTimeOutAsOkHttpSays() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // reads nothing, answers nothing
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            OkHttpClient client = new OkHttpClient.Builder()
                    .callTimeout(Duration.ofMillis(300))
                    .build();
            try {
                Request request = new Request.Builder()
                        .url("http://127.0.0.1:" + silent.getLocalPort() + "/")
                        .build();
                long started = System.nanoTime();
                assertThatThrownBy(() -> client.newCall(request).execute())
                        .isInstanceOf(InterruptedIOException.class)
                        .hasMessage("timeout");
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            } finally {
                client.dispatcher().executorService().shutdown();
                client.connectionPool().evictAll();
            }
        } finally {
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }
}
