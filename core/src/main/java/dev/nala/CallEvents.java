package dev.nala;

import dev.nala.spi.DeadlineWatch;
import java.io.IOException;
import okhttp3.Call;
import okhttp3.EventListener;

/**
 * The factory client's event listener: where a call starts, it records the caller's context
 * ({@link CallerContext}) and tags the call for its deadline ({@link DeadlineWatch}); where it
 * ends (its response body closed, or failed), it ends the deadline's watch.
 *
 * <p>A client derived with {@code newBuilder().eventListener(...)} replaces it: its asynchronous
 * calls then run in the dispatcher thread's context, as plain OkHttp's do, and its calls are
 * bounded through OkHttp's own call timeout instead.
 */
final class CallEvents extends EventListener {
    static final CallEvents INSTANCE = new CallEvents();

    private CallEvents() {}

    @Override
    public void callStart(Call call) {
        CallerContext.capture(call);
        DeadlineWatch.track(call);
    }

    @Override
    public void callEnd(Call call) {
        DeadlineWatch.finish(call);
    }

    @Override
    public void callFailed(Call call, IOException ioe) {
        DeadlineWatch.finish(call);
    }
}
