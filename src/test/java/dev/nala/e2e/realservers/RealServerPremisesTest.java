package dev.nala.e2e.realservers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nala.e2e.support.Haproxy;
import dev.nala.e2e.support.NginxServer;
import dev.nala.e2e.support.ScriptedServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the real-server scenarios assume about each server, checked on a raw connection without
 * Nala: how each one answers and when it closes a kept-alive connection. If a server's version
 * behaves differently, these say so, instead of a scenario failing for a reason it does not name.
 */
@Timeout(60)
class RealServerPremisesTest {
    @TempDir
    Path dir;

    @Test
    void pythonAnswersHttp10WithoutAConnectionHeaderAndClosesAfterOneAnswer() throws Exception {
        try (ScriptedServer python = ScriptedServer.pythonHttp10(dir);
                RawConnection connection = new RawConnection(python.port())) {
            RawConnection.Answer answer = connection.get("/premise/1");
            assertThat(answer.statusLine()).startsWith("HTTP/1.0 200");
            assertThat(answer.header("Connection")).isNull();
            assertThat(answer.header("Content-Length")).isEqualTo("3");
            assertThat(connection.awaitClosedByServer(Duration.ofSeconds(1)))
                    .as("closed after one answer")
                    .isNotNull();
            assertThat(python.requests().requestsByPath("/premise/")).containsEntry("/premise/1", 1);
        }
    }

    @Test
    void nginxSaysConnectionCloseOnTheThirdAnswerAndClosesAnIdleConnectionAfterOneSecond() throws Exception {
        try (NginxServer nginx = NginxServer.start(dir, Duration.ofSeconds(1), 3)) {
            try (RawConnection connection = new RawConnection(nginx.port())) {
                assertThat(connection.get("/premise/1").header("Connection")).isEqualTo("keep-alive");
                assertThat(connection.get("/premise/2").header("Connection")).isEqualTo("keep-alive");
                assertThat(connection.get("/premise/3").header("Connection")).isEqualTo("close");
                assertThat(connection.awaitClosedByServer(Duration.ofSeconds(1)))
                        .isNotNull();
            }
            try (RawConnection connection = new RawConnection(nginx.port())) {
                connection.get("/premise/4");
                assertThat(connection.awaitClosedByServer(Duration.ofSeconds(3)))
                        .isBetween(Duration.ofMillis(1_000), Duration.ofMillis(1_500));
            }
        }
    }

    @Test
    void nodeAnnouncesFiveSecondsAndClosesAnIdleConnectionAfterFiveOrSix() throws Exception {
        try (ScriptedServer node = ScriptedServer.nodeWithDefaultKeepAlive(dir);
                RawConnection connection = new RawConnection(node.port())) {
            RawConnection.Answer answer = connection.get("/premise/1");
            assertThat(answer.header("Connection")).isEqualTo("keep-alive");
            assertThat(answer.header("Keep-Alive")).isEqualTo("timeout=5");
            // The scenario's gaps of 4.3 s must find the connection open, those of 6.6 s closed.
            assertThat(connection.awaitClosedByServer(Duration.ofSeconds(8)))
                    .isBetween(Duration.ofMillis(5_000), Duration.ofMillis(6_500));
        }
    }

    @Test
    void theSidecarClosesAConnectionIdleForItsKeepAliveTimeout() throws Exception {
        try (NginxServer upstream = NginxServer.start(dir, Duration.ofSeconds(75), 1_000);
                Haproxy sidecar = Haproxy.drainableSidecar(dir, upstream.port(), Duration.ofSeconds(1));
                RawConnection connection = new RawConnection(sidecar.port())) {
            assertThat(connection.get("/premise/1").statusLine()).startsWith("HTTP/1.1 200");
            assertThat(connection.awaitClosedByServer(Duration.ofSeconds(3)))
                    .as(sidecar.log())
                    .isBetween(Duration.ofMillis(1_000), Duration.ofMillis(1_500));
        }
    }

    @Test
    void aReloadedSidecarClosesItsIdleKeepAliveConnectionsAtOnce() throws Exception {
        // A keep-alive timeout far longer than the test, so only the drain can close the connection.
        try (NginxServer upstream = NginxServer.start(dir, Duration.ofSeconds(75), 1_000);
                Haproxy sidecar = Haproxy.drainableSidecar(dir, upstream.port(), Duration.ofSeconds(30));
                RawConnection idle = new RawConnection(sidecar.port())) {
            assertThat(idle.get("/premise/1").statusLine()).startsWith("HTTP/1.1 200");
            sidecar.reload();
            // reload() returns once the old worker has exited: its connections are closed by then.
            assertThat(idle.awaitClosedByServer(Duration.ofMillis(100)))
                    .as(sidecar.log())
                    .isNotNull();
            try (RawConnection afterReload = new RawConnection(sidecar.port())) {
                assertThat(afterReload.get("/premise/2").statusLine())
                        .as("the new worker answers")
                        .startsWith("HTTP/1.1 200");
            }
        }
    }
}
