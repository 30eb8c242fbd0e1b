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
 * Runs a call's interceptors in the OpenTelemetry context of the thread that started the call.
 *
 * <p>{@code execute()} runs interceptors on the caller's thread, in the caller's context.
 * {@code enqueue()} runs them on OkHttp's dispatcher thread, where the caller's span and
 * {@link InboundRequest} are not current unless something carried them there. Two things do:
 * <ol>
 *   <li>the factory client's {@link #dispatcher() dispatcher}: its executor runs each call in the
 *       context that was current where the call was handed to it, which is the caller's
 *       {@code enqueue()} unless the call had to wait in the dispatcher's queue (more calls in
 *       flight than {@code maxRequests} or {@code maxRequestsPerHost} allow). A derived client
 *       shares it, whatever listener or interceptors it adds;
 *   <li>the factory client's event listener ({@link CallEvents}), which records the caller's
 *       context at {@code callStart}, on the caller's thread, as a call tag; {@link CallBoundary}
 *       makes it current when the chain finds no caller state current: a call that waited in the
 *       queue, or one enqueued from another call's callback.
 * </ol>
 *
 * <p>A context current when the chain starts is never replaced when it holds caller state (a
 * valid span, an {@link InboundRequest} or baggage): it is the caller's, possibly with more in
 * it. The OpenTelemetry Java agent's OkHttp instrumentation, for one, makes current the caller's
 * context plus a counter of the requests it sends; replacing it would lose the counter and make
 * the agent report a spurious failed request for every call.
 *
 * <p>What a caller can still lose, for {@code enqueue()} only: with a client derived with
 * {@code newBuilder().eventListener(...)} (which replaces the factory's listener) a call that
 * waited in the dispatcher's queue or was enqueued from a callback runs without the caller's
 * context, as it would on plain OkHttp (unless the agent's OkHttp instrumentation carries it);
 * a client derived with both its own {@code dispatcher(...)} and its own listener loses it for
 * every asynchronous call.
 */
final class CallerContext {
    /** The tag's key as OkHttp stores it: looking a tag up by {@code Class} makes a new {@code KClass} each time. */
    private static final KClass<Captured> CAPTURED = JvmClassMappingKt.getKotlinClass(Captured.class);

    private CallerContext() {}

    /** Records the context of the thread starting {@code call} ({@link CallEvents}, at {@code callStart}). */
    static void capture(Call call) {
        Context current = Context.current();
        if (holdsCallerState(current)) {
            call.tag(CAPTURED, () -> new Captured(current));
        }
    }

    /**
     * The context to make current while {@code call}'s chain runs, or {@code null} when the
     * current one will do: it holds caller state, or nothing was captured.
     */
    static Context toRestore(Call call) {
        if (holdsCallerState(Context.current())) {
            return null;
        }
        Captured captured = call.tag(CAPTURED);
        return captured == null ? null : captured.context();
    }

    /**
     * Whether {@code current} (the current context) holds anything a call takes from its caller:
     * a valid span (the call span's parent), an {@link InboundRequest} or baggage. The root
     * context does not, nor does a context that holds only others' keys (under the agent, an
     * empty application context is not the root context).
     */
    private static boolean holdsCallerState(Context current) {
        return current != Context.root()
                && (Span.fromContext(current).getSpanContext().isValid()
                        || InboundRequest.isIn(current)
                        || !Baggage.fromContext(current).isEmpty());
    }

    /**
     * A dispatcher for the factory's client whose executor carries the enqueuing thread's context,
     * and whose calls can lend their place while they wait ({@link DispatcherSlots}).
     */
    static Dispatcher dispatcher() {
        DispatcherSlots slots = new DispatcherSlots();
        Dispatcher dispatcher = new Dispatcher(new DispatcherExecutor(slots));
        slots.bind(dispatcher);
        return dispatcher;
    }

    private record Captured(Context context) {}

    /**
     * OkHttp's default dispatcher executor (an unbounded pool of non-daemon threads kept 60 s),
     * which runs each call in the context current where the call was handed over.
     *
     * <p>OkHttp hands a call over on the caller's thread from {@code enqueue()}, unless it has to
     * wait in the queue; then it is handed over later, on the dispatcher thread of the call that
     * made room, whose context is that other call's. So a call handed over on a dispatcher thread
     * carries no context, and is handed over with the root context current, so that the
     * OpenTelemetry Java agent's executor instrumentation does not carry the other call's either;
     * the listener's capture applies to it ({@link CallBoundary}). Still a
     * {@code ThreadPoolExecutor}, as OkHttp's own is, for code that inspects the pool.
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
