package dev.nala.internal;

import java.io.IOException;
import kotlin.jvm.JvmClassMappingKt;
import kotlin.jvm.functions.Function0;
import kotlin.reflect.KClass;
import okhttp3.Call;

/**
 * What Nala learns about the connections one call's exchanges use, for {@link ConnectionResend}:
 * whether the latest exchange's connection was opened for it or came from the pool, whether its
 * request failed while being written, and whether OkHttp followed a response up with another
 * request.
 *
 * <p>A call tag, created only when something worth recording happens (a connection is opened, a
 * request write fails, a follow-up is made), so a call that reuses a pooled connection and works
 * carries none: no record means every exchange of the call so far used a pooled connection.
 * The factory's event listener feeds it through {@link ExchangeEvents}; the factory's network
 * interceptor marks the start of each exchange ({@link NetworkExchange}).
 */
final class ExchangeRecord implements Function0<ExchangeRecord> {
    /** The tag's key as OkHttp stores it: looking a tag up by {@code Class} makes a new {@code KClass} each time. */
    static final KClass<ExchangeRecord> TAG = JvmClassMappingKt.getKotlinClass(ExchangeRecord.class);

    // Written by the event listener, which OkHttp may call from its connect threads.
    private volatile int connectsStarted;
    private volatile boolean requestWriteFailed;
    private volatile boolean followedUp;
    private boolean responseBytesArrived;

    // The call's own thread only.
    private int connectsSeen;
    private boolean freshConnection;
    /** True while {@link ConnectionResend} sends a request again: pooled connections are refused. */
    boolean resending;
    /** The latest failure that met a closed pooled connection but could not be resent. */
    IOException staleFailure;

    /** OkHttp's {@code computeIfAbsent}: the tag is this object itself, so tagging makes no lambda. */
    @Override
    public ExchangeRecord invoke() {
        return this;
    }

    /** The record of {@code call}, or null when nothing was recorded. */
    static ExchangeRecord of(Call call) {
        return call.tag(TAG);
    }

    /** The record of {@code call}, created if it has none. */
    static ExchangeRecord of(Call call, boolean create) {
        ExchangeRecord existing = call.tag(TAG);
        return existing != null || !create ? existing : call.tag(TAG, new ExchangeRecord());
    }

    /**
     * Whether the factory's event listener keeps records for {@code call}: a client derived with
     * {@code newBuilder().eventListener(...)} replaces it, and then no record proves nothing.
     * The listener tags every call it sees for its deadline ({@link DeadlineWatch#track}).
     */
    static boolean isKeptFor(Call call) {
        return call.tag(WatchedCall.TAG) != null;
    }

    void connectStarted() {
        connectsStarted++; // a lost increment between two racing connects still leaves it changed
    }

    void requestWriteFailed() {
        requestWriteFailed = true;
    }

    void followedUp() {
        followedUp = true;
    }

    /**
     * An exchange starts on the connection OkHttp chose (the network interceptor runs).
     *
     * @return whether that connection was opened for this exchange rather than taken from the pool
     */
    boolean exchangeStarting() {
        int started = connectsStarted;
        freshConnection = started != connectsSeen;
        connectsSeen = started;
        requestWriteFailed = false;
        responseBytesArrived = false;
        return freshConnection;
    }

    /** Some byte of a response arrived in the latest exchange before it failed: the server had the request. */
    void responseBytesArrived() {
        responseBytesArrived = true;
    }

    /** Whether some byte of a response arrived in the latest exchange before it failed. */
    boolean responseBytesArrivedInExchange() {
        return responseBytesArrived;
    }

    /** Whether a connection was being opened when the call failed: the failure is the connect's. */
    boolean failedWhileConnecting() {
        return connectsStarted != connectsSeen;
    }

    /** Whether the latest exchange ran on a connection opened for it. */
    boolean onFreshConnection() {
        return freshConnection;
    }

    /** Whether writing the latest exchange's request failed, so the server cannot have received all of it. */
    boolean requestWriteFailedInExchange() {
        return requestWriteFailed;
    }

    /** Whether OkHttp followed some response of this call up with another request (a redirect, say). */
    boolean hasFollowedUp() {
        return followedUp;
    }
}
