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
 * had already closed, in a way that shows the server did not act on it ({@link ResendRule}).
 * Every HTTP client and proxy does this (OkHttp itself, with its {@code retryOnConnectionFailure}
 * that Nala turns off; Envoy): a server may close an idle keep-alive connection at any moment
 * (its idle timeout, a restart, a sidecar draining), and a request that meets it never reached the
 * server.
 *
 * <p>It is not a retry: the first send reached nothing (not the server, not the sidecar), so it
 * does not count toward {@code retry.max-attempts}, the retry budget, outlier ejection or the
 * circuit breaker, and mesh mode still makes exactly one attempt. Each mode sends every request
 * through here as its last step before OkHttp's network layer. At most one resend per attempt;
 * while it is under way, pooled HTTP/1 connections are refused ({@link NetworkExchange}), so
 * it goes out on a new one. Each resend adds 1 to {@value #RESENDS}, adds a {@value #EVENT} event
 * to the current span and logs a DEBUG line.
 *
 * <p>A failure on a closed pooled connection that cannot be resent (a POST without an
 * {@code Idempotency-Key} whose request was fully written) reaches the caller unchanged, but
 * {@link #isStaleConnectionFailure} tells breakers not to count it against the server.
 */
public final class ConnectionResend {
    static final String RESENDS = "nala.client.connection.resends";
    static final String EVENT = "nala.resend";
    static final AttributeKey<String> REASON = AttributeKey.stringKey("nala.resend_reason");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    private static final Logger log = LoggerFactory.getLogger(ConnectionResend.class);

    private final LongCounter resends;
    private final int maxRefusedConnections;

    /**
     * @param maxRefusedConnections how many pooled connections a resend may refuse before it gives
     *     up (the pool's {@code max-idle} is enough: it refuses only idle ones)
     */
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

    /**
     * Sends {@code request} on through {@code chain}, once more if it fails on a closed pooled
     * connection ({@link ResendRule}).
     *
     * @param telemetry the attributes of the call's service ({@code nala.service},
     *     {@code nala.deployment_mode}) for {@value #RESENDS}
     */
    public Response proceed(Interceptor.Chain chain, Request request, Attributes telemetry) throws IOException {
        try {
            return chain.proceed(request);
        } catch (IOException failure) {
            return afterFailure(chain, request, telemetry, failure);
        }
    }

    /**
     * Whether {@code failure}, an attempt's failure, met a pooled connection the peer had already
     * closed and was not sent again: it says nothing about the server's health, so circuit breakers
     * and outlier ejection do not count it.
     */
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
