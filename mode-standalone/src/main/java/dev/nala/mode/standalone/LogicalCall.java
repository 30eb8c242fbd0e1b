package dev.nala.mode.standalone;

import dev.nala.internal.CallSubset;
import dev.nala.internal.ServiceName;
import io.opentelemetry.api.common.Attributes;
import kotlin.jvm.JvmClassMappingKt;
import kotlin.reflect.KClass;
import okhttp3.Call;
import okhttp3.HttpUrl;

/**
 * The state one logical call's attempts share, as a tag on the {@link Call} that the {@link
 * AttemptStep}s read. The retry loop creates one per call; attempts run one after another.
 */
public final class LogicalCall {
    /** Looked up by a {@code KClass}: looking a tag up by {@code Class} makes OkHttp create one each time. */
    private static final KClass<LogicalCall> TAG = JvmClassMappingKt.getKotlinClass(LogicalCall.class);

    private final int perTryTimeoutMillis;
    private final Attributes telemetry;
    private final TriedEndpoints tried = new TriedEndpoints();
    private int resendCount;
    private ServiceName routedTo;
    private HttpUrl routedUrl;
    private boolean requestIdChosen;
    private boolean subsetChosen;
    private CallSubset subset;
    private String requestId;

    /**
     * @param perTryTimeoutMillis the service's {@code per-try-timeout}, 0 for none
     * @param telemetry the service's telemetry attributes ({@code nala.service}, {@code nala.deployment_mode})
     */
    public LogicalCall(int perTryTimeoutMillis, Attributes telemetry) {
        this.perTryTimeoutMillis = perTryTimeoutMillis;
        this.telemetry = telemetry;
    }

    /** For tests: a call whose {@code x-request-id} is already chosen (null: none to add). */
    public LogicalCall(int perTryTimeoutMillis, String requestId, Attributes telemetry) {
        this(perTryTimeoutMillis, telemetry);
        this.requestId = requestId;
        this.requestIdChosen = true;
    }

    /** The state of {@code call}: the one it has, else a new one, now tagged on it. */
    static LogicalCall attachTo(Call call, int perTryTimeoutMillis, Attributes telemetry) {
        return call.tag(TAG, () -> new LogicalCall(perTryTimeoutMillis, telemetry));
    }

    /** For tests: the state of {@code call}, the one it has, else {@code state}, now tagged on it. */
    public static LogicalCall attachTo(Call call, LogicalCall state) {
        return call.tag(TAG, () -> state);
    }

    /** The state of {@code call}, or null for a call no retry loop runs. */
    public static LogicalCall of(Call call) {
        return call.tag(TAG);
    }

    /** The endpoints earlier attempts of the call went to; endpoint selection adds each choice. */
    public TriedEndpoints tried() {
        return tried;
    }

    /** Endpoint selection's choice, which {@link AttemptRequest} writes onto the request; null for a host as written. */
    public void routedTo(ServiceName service, HttpUrl url) {
        this.routedTo = service;
        this.routedUrl = url;
    }

    /** The logical service the attempt in flight goes to, or null. */
    public ServiceName routedTo() {
        return routedTo;
    }

    /** The URL of the endpoint the attempt in flight goes to, or null. */
    HttpUrl routedUrl() {
        return routedUrl;
    }

    /** Whether subset routing has made its choice for this call (possibly none). */
    public boolean subsetChosen() {
        return subsetChosen;
    }

    /** Subset routing's choice, made once per call: null for any instance of the service. */
    public void subset(CallSubset chosen) {
        this.subset = chosen;
        this.subsetChosen = true;
    }

    /** The canary subset the call goes to, or null when it was routed to none. */
    public CallSubset subset() {
        return subset;
    }

    boolean requestIdChosen() {
        return requestIdChosen;
    }

    void requestId(String id) {
        this.requestId = id;
        this.requestIdChosen = true;
    }

    String requestId() {
        return requestId;
    }

    /** 0 for the first attempt, 1 for the first retry, and so on. */
    int resendCount() {
        return resendCount;
    }

    void resendCount(int count) {
        this.resendCount = count;
    }

    Attributes telemetry() {
        return telemetry;
    }

    /** 0 when the service has no {@code per-try-timeout}. */
    int perTryTimeoutMillis() {
        return perTryTimeoutMillis;
    }
}
