package dev.nala;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Runs a call's interceptors in the OpenTelemetry context of the thread that started the call.
 *
 * <p>{@code execute()} runs interceptors on the caller's thread, but {@code enqueue()} runs them
 * on OkHttp's dispatcher thread, where the caller's span and {@link InboundRequest} are
 * not current. OkHttp reports {@code callStart} on the caller's thread for both, so the context
 * is captured there, kept as a call tag, and made current again around the chain.
 *
 * <p>The factory installs this for both modes, right after {@link ClosedFactoryGuard} and before
 * {@link CallSpan}, so the call span's parent and every mode interceptor see the caller's context.
 *
 * <p>The capture lives in the client's event listener. A client derived with
 * {@code newBuilder().eventListener(...)} replaces it; its asynchronous calls then see the
 * dispatcher thread's context, as plain OkHttp does.
 */
final class CallerContext {
    private static final EventListener CAPTURE = new EventListener() {
        @Override
        public void callStart(Call call) {
            Context current = Context.current();
            call.tag(Captured.class, () -> new Captured(current));
        }
    };

    private CallerContext() {}

    /** The event listener that records the starting thread's context on each call. */
    static EventListener capturing() {
        return CAPTURE;
    }

    /** Makes the captured context current while the rest of the chain runs. */
    static final class Restore implements Interceptor {
        @Override
        public Response intercept(Chain chain) throws IOException {
            Captured captured = chain.call().tag(Captured.class);
            if (captured == null || captured.context() == Context.current()) {
                return chain.proceed(chain.request());
            }
            try (Scope scope = captured.context().makeCurrent()) {
                return chain.proceed(chain.request());
            }
        }
    }

    private record Captured(Context context) {}
}
