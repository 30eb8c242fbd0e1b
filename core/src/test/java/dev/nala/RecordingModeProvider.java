package dev.nala;

import dev.nala.spi.DeploymentModeProvider;
import dev.nala.spi.ModeChain;
import dev.nala.spi.ModeContext;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;

/** Stands in for the mode modules in core's tests; counts starts and closes. */
abstract class RecordingModeProvider implements DeploymentModeProvider {
    static final AtomicInteger closes = new AtomicInteger();
    static volatile ModeContext lastContext;

    @Override
    public ModeChain start(ModeContext context) {
        lastContext = context;
        return new ModeChain() {
            @Override
            public void configure(OkHttpClient.Builder builder) {
                // A careless mode must not be able to turn OkHttp's silent retries back on.
                builder.retryOnConnectionFailure(true);
            }

            @Override
            public void close() {
                closes.incrementAndGet();
            }
        };
    }

    public static final class Standalone extends RecordingModeProvider {
        @Override
        public DeploymentMode mode() {
            return DeploymentMode.STANDALONE;
        }
    }

    public static final class Mesh extends RecordingModeProvider {
        @Override
        public DeploymentMode mode() {
            return DeploymentMode.MESH;
        }
    }
}
