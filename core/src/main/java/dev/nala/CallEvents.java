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
 * The factory client's event listener: records the caller's context, tracks and finishes the
 * call's deadline, and feeds {@link ExchangeEvents}. A derived client that replaces it falls back
 * to OkHttp's call timeout and resends nothing ({@link CallerContext} for the context).
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
