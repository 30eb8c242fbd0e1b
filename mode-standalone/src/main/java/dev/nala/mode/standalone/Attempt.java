package dev.nala.mode.standalone;

import io.opentelemetry.api.common.Attributes;
import kotlin.jvm.JvmClassMappingKt;
import kotlin.reflect.KClass;
import okhttp3.Call;
import okhttp3.Request;

/**
 * What the attempts of one logical call share, as a tag on the {@link Call} the attempt's steps
 * ({@link AttemptStep}) read: which attempt is in flight (the attempt span's
 * {@code http.request.resend_count}), the service's per-try timeout and telemetry attributes (the
 * URL they see may already name an endpoint, not the service), the endpoints tried so far, and the call's
 * {@code x-request-id}, which endpoint selection puts on each attempt's request.
 *
 * <p>A call tag rather than a request tag: tagging the request would copy it once more per call.
 * The retry loop creates one per call and updates it before each attempt; attempts run one after
 * another on one thread.
 */
public final class Attempt {
    /** The tag's key: looking a tag up by {@code Class} makes OkHttp create a {@code KClass} each time. */
    public static final KClass<Attempt> TAG = JvmClassMappingKt.getKotlinClass(Attempt.class);

    private final int perTryTimeoutMillis;
    private final String requestId;
    private final Attributes telemetry;
    private final TriedEndpoints tried = new TriedEndpoints();
    private int resendCount;

    /**
     * @param perTryTimeoutMillis the service's {@code per-try-timeout}, 0 for none
     * @param requestId the {@code x-request-id} to add to every attempt, or null when the request
     *     carries its own
     * @param telemetry the service's telemetry attributes ({@code nala.service},
     *     {@code nala.deployment_mode})
     */
    public Attempt(int perTryTimeoutMillis, String requestId, Attributes telemetry) {
        this.perTryTimeoutMillis = perTryTimeoutMillis;
        this.requestId = requestId;
        this.telemetry = telemetry;
    }

    /** The attempt state of {@code call}, or null for a call no retry loop runs. */
    public static Attempt of(Call call) {
        return call.tag(TAG);
    }

    /** The endpoints earlier attempts of the call went to; endpoint selection adds each choice. */
    public TriedEndpoints tried() {
        return tried;
    }

    /** Puts the call's {@code x-request-id} on {@code outgoing}, a copy of the attempt's request, if it lacks one. */
    public void addRequestId(Request.Builder outgoing) {
        if (requestId != null) {
            outgoing.header(RequestIdPropagation.HEADER, requestId);
        }
    }

    /** {@code request} with the call's {@code x-request-id}: itself when it needs none. */
    public Request withRequestId(Request request) {
        if (requestId == null) {
            return request;
        }
        Request.Builder outgoing = request.newBuilder();
        addRequestId(outgoing);
        return outgoing.build();
    }

    /** 0 for the first attempt, 1 for the first retry, and so on. */
    int resendCount() {
        return resendCount;
    }

    void resendCount(int count) {
        this.resendCount = count;
    }

    /** The service's telemetry attributes. */
    Attributes telemetry() {
        return telemetry;
    }

    /** The service's {@code per-try-timeout} in milliseconds; 0 when it has none. */
    int perTryTimeoutMillis() {
        return perTryTimeoutMillis;
    }
}
