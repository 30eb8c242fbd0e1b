package dev.nala;

import dev.nala.internal.DispatcherSlots;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import kotlin.jvm.JvmClassMappingKt;
import kotlin.reflect.KClass;
import okhttp3.Call;
import okhttp3.Dispatcher;

/**
 * Runs a call's interceptors in the OpenTelemetry context of the thread that started it, which
 * {@code enqueue()} would otherwise lose on OkHttp's dispatcher thread.
 *
 * <p>Two things carry it: the factory's {@link #dispatcher() dispatcher}, whose executor runs each
 * call in the context current where it was handed over, and {@link CallEvents}, which records the
 * caller's context at {@code callStart} for {@link CallBoundary} to restore when the call waited
 * in the queue or was enqueued from a callback. A current context that holds caller state is never
 * replaced: under the OpenTelemetry agent it also holds the agent's request counter, and replacing
 * it makes the agent report a spurious failed request. A client derived with its own event
 * listener loses the caller's context for queued calls (with its own dispatcher too, for all),
 * as plain OkHttp does.
 */
final class CallerContext {
    /** Looking a tag up by {@code Class} makes a new {@code KClass} each time. */
    private static final KClass<Captured> CAPTURED = JvmClassMappingKt.getKotlinClass(Captured.class);

    private CallerContext() {}

    static void capture(Call call) {
        Context current = Context.current();
        if (holdsCallerState(current)) {
            call.tag(CAPTURED, () -> new Captured(current));
        }
    }

    /** Null when the current context will do: it holds caller state, or nothing was captured. */
    static Context toRestore(Call call) {
        if (holdsCallerState(Context.current())) {
            return null;
        }
        Captured captured = call.tag(CAPTURED);
        return captured == null ? null : captured.context();
    }

    /** Under the agent, an empty application context is not the root context, hence the checks. */
    private static boolean holdsCallerState(Context current) {
        return current != Context.root()
                && (Span.fromContext(current).getSpanContext().isValid()
                        || InboundRequest.isIn(current)
                        || !Baggage.fromContext(current).isEmpty());
    }

    static Dispatcher dispatcher() {
        DispatcherSlots slots = new DispatcherSlots();
        Dispatcher dispatcher = new Dispatcher(new DispatcherExecutor(slots));
        slots.bind(dispatcher);
        return dispatcher;
    }

    private record Captured(Context context) {}

    /**
     * OkHttp's default executor, carrying the context of the thread that hands a call over. A call
     * handed over on a dispatcher thread (it waited in the queue) would carry the context of the
     * call that made room, so it gets the root context, also hiding that one from the agent.
     */
    private static final class DispatcherExecutor extends ThreadPoolExecutor {
        DispatcherExecutor(DispatcherSlots slots) {
            super(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), slots::newThread);
        }

        @Override
        public void execute(Runnable call) {
            if (DispatcherSlots.onDispatcherThread()) {
                try (Scope none = Context.root().makeCurrent()) {
                    super.execute(call);
                }
                return;
            }
            Context current = Context.current();
            super.execute(current == Context.root() ? call : current.wrap(call));
        }
    }
}
