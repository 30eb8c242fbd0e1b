package dev.nala.mode.standalone;

import dev.nala.DeploymentMode;
import dev.nala.internal.CallSubset;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import java.util.List;
import java.util.Set;

/**
 * The retry loop's metrics and call-span events (see "Telemetry" in docs/standalone.md). Attribute
 * sets are built once per service, so a call without an SDK allocates nothing here.
 */
final class RetryTelemetry {
    static final String INSTRUMENTATION = "dev.nala";
    static final AttributeKey<String> SERVICE = AttributeKey.stringKey("nala.service");
    static final AttributeKey<String> DEPLOYMENT_MODE = AttributeKey.stringKey("nala.deployment_mode");
    static final AttributeKey<String> RETRY_REASON = AttributeKey.stringKey("nala.retry_reason");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("nala.attempt");
    static final AttributeKey<Long> BACKOFF_MS = AttributeKey.longKey("nala.backoff_ms");
    static final AttributeKey<String> GIVE_UP_REASON = AttributeKey.stringKey("nala.give_up_reason");
    static final String RETRY_EVENT = "nala.retry";
    static final String GAVE_UP_EVENT = "nala.gave_up";

    private static final String MODE = DeploymentMode.STANDALONE.configValue();
    private static final GiveUpReason[] GIVE_UP_REASONS = GiveUpReason.values();
    private static final Attributes[] GIVE_UP_ATTRIBUTES = new Attributes[GIVE_UP_REASONS.length];

    static {
        for (GiveUpReason reason : GIVE_UP_REASONS) {
            GIVE_UP_ATTRIBUTES[reason.ordinal()] = Attributes.of(GIVE_UP_REASON, reason.attributeValue());
        }
    }

    private final LongHistogram attempts;
    private final LongCounter retries;
    private final LongCounter budgetRefused;

    RetryTelemetry(OpenTelemetry openTelemetry) {
        Meter meter = openTelemetry.getMeter(INSTRUMENTATION);
        this.attempts = meter.histogramBuilder("nala.client.call.attempts")
                .ofLongs()
                .setUnit("{attempt}")
                .setDescription("Attempts sent on the wire per logical call, retries included")
                .setExplicitBucketBoundariesAdvice(List.of(1L, 2L, 3L, 4L, 5L, 10L))
                .build();
        this.retries = meter.counterBuilder("nala.client.retries")
                .setUnit("{retry}")
                .setDescription("Attempts repeated after a retryable failure")
                .build();
        this.budgetRefused = meter.counterBuilder("nala.client.retry_budget.refused")
                .setUnit("{retry}")
                .setDescription("Retries not made because the service's retry budget was spent")
                .build();
    }

    /** @param subset the call's canary subset, or null */
    void callEnded(RetryPolicy policy, int sent, CallSubset subset) {
        attempts.record(sent, subset == null ? policy.attributes().service() : subset.withService());
    }

    /** The loop is about to wait {@code backoffMillis} and send attempt {@code failedAttempt + 1}. */
    void retrying(
            Attributes retryAttributes,
            CallSubset subset,
            Span callSpan,
            int failedAttempt,
            long backoffMillis,
            String reason) {
        retries.add(
                1,
                subset == null
                        ? retryAttributes
                        : retryAttributes.toBuilder()
                                .putAll(subset.attributes())
                                .build());
        if (callSpan.isRecording()) {
            callSpan.addEvent(
                    RETRY_EVENT,
                    Attributes.of(ATTEMPT, (long) failedAttempt, BACKOFF_MS, backoffMillis, RETRY_REASON, reason));
        }
    }

    void gaveUp(Span callSpan, GiveUpReason reason) {
        if (callSpan.isRecording()) {
            callSpan.addEvent(GAVE_UP_EVENT, GIVE_UP_ATTRIBUTES[reason.ordinal()]);
        }
    }

    void budgetRefused(RetryPolicy policy) {
        budgetRefused.add(1, policy.attributes().service());
    }

    /** One service's attribute sets, built when its policy is. */
    static final class ServiceAttributes {
        private final Attributes service;
        private final Attributes connectFailure;
        private final Attributes reset;
        private final Attributes timeout;
        private final StatusTable<Attributes> byStatus;

        private ServiceAttributes(String service, Set<Integer> statuses) {
            this.service = Attributes.of(SERVICE, service, DEPLOYMENT_MODE, MODE);
            this.connectFailure = withReason(FailureReason.CONNECT_FAILURE);
            this.reset = withReason(FailureReason.RESET);
            this.timeout = withReason(FailureReason.TIMEOUT);
            this.byStatus = StatusTable.of(statuses, code -> withReason("status_" + code));
        }

        static ServiceAttributes of(String service, Set<Integer> statuses) {
            return new ServiceAttributes(service, statuses);
        }

        private Attributes withReason(String reason) {
            return service.toBuilder().put(RETRY_REASON, reason).build();
        }

        Attributes service() {
            return service;
        }

        Attributes retryOnStatus(int code) {
            return byStatus.get(code);
        }

        /** @param reason a {@link FailureReason} */
        Attributes retryOnFailure(String reason) {
            switch (reason) {
                case FailureReason.CONNECT_FAILURE:
                    return connectFailure;
                case FailureReason.RESET:
                    return reset;
                default:
                    return timeout;
            }
        }
    }
}
