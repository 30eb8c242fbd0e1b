package dev.nala;

import io.opentelemetry.context.Context;
import kotlin.jvm.JvmClassMappingKt;
import kotlin.reflect.KClass;
import okhttp3.Call;

/**
 * Runs a call's interceptors in the OpenTelemetry context of the thread that started the call.
 *
 * <p>{@code execute()} runs interceptors on the caller's thread, but {@code enqueue()} runs them
 * on OkHttp's dispatcher thread, where the caller's span and {@link InboundRequest} are
 * not current. OkHttp reports {@code callStart} on the caller's thread for both, so the context
 * is captured there and kept as a call tag; {@link CallBoundary} makes it current again around
 * the chain. The root context (no span, no inbound request: nothing to carry) is not kept.
 *
 * <p>The capture lives in the client's event listener ({@link CallEvents}). A client derived with
 * {@code newBuilder().eventListener(...)} replaces it; its asynchronous calls then see the
 * dispatcher thread's context, as plain OkHttp does.
 */
final class CallerContext {
    /** The tag's key as OkHttp stores it: looking a tag up by {@code Class} makes a new {@code KClass} each time. */
    private static final KClass<Captured> CAPTURED = JvmClassMappingKt.getKotlinClass(Captured.class);

    private CallerContext() {}

    /** Records the context of the thread starting {@code call} ({@link CallEvents}, at {@code callStart}). */
    static void capture(Call call) {
        Context current = Context.current();
        if (current != Context.root()) {
            call.tag(CAPTURED, () -> new Captured(current));
        }
    }

    /**
     * The context to make current while {@code call}'s chain runs, or {@code null} when the
     * current one will do (nothing captured, or the chain runs on the starting thread).
     */
    static Context toRestore(Call call) {
        Captured captured = call.tag(CAPTURED);
        if (captured == null || captured.context() == Context.current()) {
            return null;
        }
        return captured.context();
    }

    private record Captured(Context context) {}
}
