package dev.nala.internal;

import java.io.IOException;
import kotlin.jvm.JvmClassMappingKt;
import kotlin.jvm.functions.Function0;
import kotlin.reflect.KClass;
import okhttp3.Call;

/**
 * What {@link ConnectionResend} needs to know of a call's connections, as a call tag created only
 * when something is recorded: no record means every exchange so far used a pooled connection.
 */
final class ExchangeRecord implements Function0<ExchangeRecord> {
    /** Looking a tag up by {@code Class} makes a new {@code KClass} each time. */
    static final KClass<ExchangeRecord> TAG = JvmClassMappingKt.getKotlinClass(ExchangeRecord.class);

    // Written by the event listener, which OkHttp may call from its connect threads.
    private volatile int connectsStarted;
    private volatile boolean requestWriteFailed;
    private volatile boolean followedUp;
    private boolean responseBytesArrived;

    // The call's own thread only.
    private int connectsSeen;
    private boolean freshConnection;
    /** Pooled connections are refused while true. */
    boolean resending;

    IOException staleFailure;

    /** The tag is this object itself, so tagging makes no lambda. */
    @Override
    public ExchangeRecord invoke() {
        return this;
    }

    /** Null when nothing was recorded. */
    static ExchangeRecord of(Call call) {
        return call.tag(TAG);
    }

    static ExchangeRecord of(Call call, boolean create) {
        ExchangeRecord existing = call.tag(TAG);
        return existing != null || !create ? existing : call.tag(TAG, new ExchangeRecord());
    }

    /** A derived client with its own event listener keeps none; the watch tag shows ours ran. */
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

    /** @return whether the connection was opened for this exchange rather than taken from the pool */
    boolean exchangeStarting() {
        int started = connectsStarted;
        freshConnection = started != connectsSeen;
        connectsSeen = started;
        requestWriteFailed = false;
        responseBytesArrived = false;
        return freshConnection;
    }

    void responseBytesArrived() {
        responseBytesArrived = true;
    }

    boolean responseBytesArrivedInExchange() {
        return responseBytesArrived;
    }

    boolean failedWhileConnecting() {
        return connectsStarted != connectsSeen;
    }

    boolean onFreshConnection() {
        return freshConnection;
    }

    boolean requestWriteFailedInExchange() {
        return requestWriteFailed;
    }

    /** A redirect, say: the original may not be the request that failed. */
    boolean hasFollowedUp() {
        return followedUp;
    }
}
