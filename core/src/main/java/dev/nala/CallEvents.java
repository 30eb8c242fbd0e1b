package dev.nala;

import dev.nala.internal.DeadlineWatch;
import dev.nala.internal.ExchangeEvents;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The factory client's event listener: where a call starts, it records the caller's context
 * ({@link CallerContext}) and tags the call for its deadline ({@link DeadlineWatch}); where it
 * ends (its response body closed, or failed), it ends the deadline's watch. It also tells the
 * resend of requests that met a closed pooled connection when a connection is opened, a request
 * write fails or a response is followed up ({@link ExchangeEvents}).
 *
 * <p>A client derived with {@code newBuilder().eventListener(...)} replaces it: its calls are
 * bounded through OkHttp's own call timeout instead, and nothing is resent. Its asynchronous
 * calls still run in the caller's context, which the factory's dispatcher carries, except a call
 * that waited in the dispatcher's queue or was enqueued from another call's callback: that one
 * runs in the dispatcher thread's context, as on plain OkHttp ({@link CallerContext}).
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
    public void connectStart(Call call, InetSocketAddress inetSocketAddress, Proxy proxy) {
        ExchangeEvents.connectStarted(call);
    }

    @Override
    public void requestFailed(Call call, IOException ioe) {
        ExchangeEvents.requestFailed(call);
    }

    @Override
    public void followUpDecision(Call call, Response networkResponse, Request nextRequest) {
        ExchangeEvents.followUpDecided(call, nextRequest);
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
