package dev.nala.servlet;

import static dev.nala.servlet.InboundHeaders.assertForwarded;
import static dev.nala.servlet.InboundHeaders.assertNoneForwarded;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mesh mode in a real container with nala-servlet deployed as in a WAR and no code of the
 * application's own: the inbound tracing headers reach {@code inventory} from the request thread,
 * async dispatches, error pages, and threads the handler hands work to with the context.
 */
class MeshForwardingTest {
    @TempDir
    Path folder;

    private CallingWebApp app;

    @BeforeEach
    void start() throws Exception {
        app = new CallingWebApp(folder, 2, deployment -> deployment);
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
    }

    @Test
    void fromTheRequestThread() throws Exception {
        app.get("/sync", true, 200);
        assertForwarded(app.inventory.takeHeaders());
    }

    @Test
    void afterAnAsyncDispatchAskedForFromAnotherThread() throws Exception {
        app.get("/async-dispatch", true, 200);
        assertForwarded(app.inventory.takeHeaders());
    }

    @Test
    void fromAnErrorPage() throws Exception {
        app.get("/fails", true, 500);
        assertForwarded(app.inventory.takeHeaders());
    }

    @Test
    void fromAsyncContextStartWithTheContextWrapped() throws Exception {
        String thread = app.get("/async-start-wrapped", true, 200);
        assertForwarded(app.inventory.takeHeaders());
        assertThat(thread).startsWith("http-nio-");
    }

    @Test
    void fromAsyncContextStartThroughInboundOf() throws Exception {
        app.get("/async-start-inbound-of", true, 200);
        assertForwarded(app.inventory.takeHeaders());
    }

    /** Why the two above wrap: a container thread of its own has no inbound request. */
    @Test
    void notFromAsyncContextStartLeftBare() throws Exception {
        app.get("/async-start-bare", true, 200);
        assertNoneForwarded(app.inventory.takeHeaders());
    }

    @Test
    void fromAWorkerThreadThePoolWasWrappedFor() throws Exception {
        String thread = app.get("/worker", true, 200);
        assertForwarded(app.inventory.takeHeaders());
        assertThat(thread).startsWith("pool-");
    }

    @Test
    void withoutTracingHeadersNoneAreMadeUp() throws Exception {
        app.get("/sync", false, 200);
        assertNoneForwarded(app.inventory.takeHeaders());
    }
}
