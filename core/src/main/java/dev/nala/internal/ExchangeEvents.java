package dev.nala.internal;

import okhttp3.Call;
import okhttp3.Request;

/**
 * What the factory's event listener tells {@link ConnectionResend} about each call's exchanges.
 * Each hook runs only on OkHttp's rarer paths (opening a connection, a failed write, a
 * follow-up), never for a call that reuses a pooled connection and works.
 */
public final class ExchangeEvents {
    private ExchangeEvents() {}

    /** OkHttp starts opening a connection for {@code call} ({@code EventListener.connectStart}). */
    public static void connectStarted(Call call) {
        ExchangeRecord.of(call, true).connectStarted();
    }

    /** Writing {@code call}'s request failed ({@code EventListener.requestFailed}). */
    public static void requestFailed(Call call) {
        ExchangeRecord.of(call, true).requestWriteFailed();
    }

    /** OkHttp decided whether to follow a response up ({@code EventListener.followUpDecision}). */
    public static void followUpDecided(Call call, Request nextRequest) {
        if (nextRequest != null) {
            ExchangeRecord.of(call, true).followedUp();
        }
    }
}
