package dev.nala.internal;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.trace.Span;
import java.io.IOException;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a request once more, on a new connection, when it failed on a pooled connection the peer
 * had closed and provably never reached the server ({@link ResendRule}). Not a retry; the rules
 * and telemetry are in docs/configuration.md, "A request that meets a connection the server closed".
 */
public final class ConnectionResend {
    static final String RESENDS = "nala.client.connection.resends";
    static final String EVENT = "nala.resend";
    static final AttributeKey<String> REASON = AttributeKey.stringKey("nala.resend_reason");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    private static final Logger log = LoggerFactory.getLogger(ConnectionResend.class);

    private final LongCounter resends;
    private final int maxRefusedConnections;

    /** @param maxRefusedConnections the pool's {@code max-idle} is enough: a resend refuses only idle ones */
    public ConnectionResend(OpenTelemetry openTelemetry, int maxRefusedConnections) {
        this.resends = openTelemetry
                .getMeter(TelemetryNames.SCOPE)
                .counterBuilder(RESENDS)
                .setUnit("{resend}")
                .setDescription("Requests sent again on a new connection after a pooled connection the peer had "
                        + "closed failed them before the server could act on them; not retries")
                .build();
        this.maxRefusedConnections = Math.max(1, maxRefusedConnections);
    }

    /** @param telemetry the call's service attributes, for {@value #RESENDS} */
    public Response proceed(Interceptor.Chain chain, Request request, Attributes telemetry) throws IOException {
        try {
            return chain.proceed(request);
        } catch (IOException failure) {
            return afterFailure(chain, request, telemetry, failure);
        }
    }

    /** Such a failure says nothing of the server's health: breakers and ejection do not count it. */
    public static boolean isStaleConnectionFailure(Call call, IOException failure) {
        ExchangeRecord record = ExchangeRecord.of(call);
        return record != null && record.staleFailure == failure;
    }

    private Response afterFailure(Interceptor.Chain chain, Request request, Attributes telemetry, IOException failure)
            throws IOException {
        Call call = chain.call();
        ResendRule.Verdict verdict = ResendRule.judge(call, request, failure);
        ResendRule.Reason reason = verdict.reason();
        if (reason == null) {
            if (verdict == ResendRule.Verdict.STALE_NOT_RESENT) {
                ExchangeRecord.of(call, true).staleFailure = failure;
                log.debug(
                        "Not resending {} to {}: the peer had closed the pooled connection, but the request was "
                                + "written in full and is neither idempotent nor has an Idempotency-Key ({})",
                        request.method(),
                        hostAndPort(request.url()),
                        failure.toString());
            }
            throw failure;
        }
        report(request, telemetry, reason, failure);
        ExchangeRecord record = ExchangeRecord.of(call, true);
        record.resending = true;
        try {
            for (int refused = 0; ; refused++) {
                try {
                    return chain.proceed(request);
                } catch (NothingSentException pooled) {
                    if (refused >= maxRefusedConnections || call.isCanceled()) {
                        failure.addSuppressed(pooled);
                        throw failure;
                    }
                }
            }
        } catch (IOException again) {
            if (again != failure) {
                again.addSuppressed(failure);
            }
            throw again;
        } finally {
            record.resending = false;
        }
    }

    private void report(Request request, Attributes telemetry, ResendRule.Reason reason, IOException failure) {
        resends.add(
                1, telemetry.toBuilder().put(REASON, reason.attributeValue()).build());
        Span span = Span.current();
        if (span.isRecording()) {
            span.addEvent(
                    EVENT,
                    Attributes.of(
                            REASON,
                            reason.attributeValue(),
                            ERROR_TYPE,
                            failure.getClass().getName()));
        }
        if (log.isDebugEnabled()) {
            log.debug(
                    "Resending {} to {} on a new connection: {} ({})",
                    request.method(),
                    hostAndPort(request.url()),
                    reason.description(),
                    failure.toString());
        }
    }

    private static String hostAndPort(HttpUrl url) {
        String host = url.host();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + url.port();
    }
}
