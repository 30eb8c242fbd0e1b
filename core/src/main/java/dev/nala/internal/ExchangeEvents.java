package dev.nala.internal;

import okhttp3.Call;
import okhttp3.Request;

/**
 * What the factory's event listener tells {@link ConnectionResend}; the hooks run only on OkHttp's
 * rarer paths, never for a call that reuses a pooled connection and works.
 */
public final class ExchangeEvents {
    private ExchangeEvents() {}

    public static void connectStarted(Call call) {
        ExchangeRecord.of(call, true).connectStarted();
    }

    public static void requestFailed(Call call) {
        ExchangeRecord.of(call, true).requestWriteFailed();
    }

    public static void followUpDecided(Call call, Request nextRequest) {
        if (nextRequest != null) {
            ExchangeRecord.of(call, true).followedUp();
        }
    }
}
