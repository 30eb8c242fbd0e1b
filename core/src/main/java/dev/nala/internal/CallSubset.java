package dev.nala.internal;

import io.opentelemetry.api.common.Attributes;
import kotlin.jvm.JvmClassMappingKt;
import kotlin.reflect.KClass;
import okhttp3.Call;

/**
 * The subset a logical call was routed to, as a tag on its {@link Call}, so the call's span and
 * duration carry {@code nala.subset}. Absent on calls no subset was chosen for. Set once per call;
 * whether it fell back is the latest attempt's.
 */
public final class CallSubset {
    /** Looked up by a {@code KClass}: looking a tag up by {@code Class} makes OkHttp create one each time. */
    private static final KClass<CallSubset> TAG = JvmClassMappingKt.getKotlinClass(CallSubset.class);

    private final SubsetRoute route;
    private volatile boolean fellBack;

    private CallSubset(SubsetRoute route) {
        this.route = route;
    }

    /** Tags {@code call} with {@code route}; the call's first choice stays. */
    public static CallSubset attach(Call call, SubsetRoute route) {
        return call.tag(TAG, () -> new CallSubset(route));
    }

    /** The call's subset, or null when none was chosen. */
    public static CallSubset of(Call call) {
        return call.tag(TAG);
    }

    public SubsetRoute route() {
        return route;
    }

    /** Whether the latest attempt went to the rest of the service because the subset had no healthy instance. */
    public boolean fellBack() {
        return fellBack;
    }

    public void fellBack(boolean fallback) {
        this.fellBack = fallback;
    }

    /** {@code nala.subset} and {@code nala.subset.fallback}. */
    public Attributes attributes() {
        return route.attributes(fellBack);
    }

    /** Those two with {@code nala.service} and {@code nala.deployment_mode}. */
    public Attributes withService() {
        return route.withService(fellBack);
    }
}
