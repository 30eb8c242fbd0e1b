package dev.nala.mode.standalone;

import dev.nala.internal.KnownMethods;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * One CLIENT span per attempt on the wire, a child of the call span, and its trace context on the
 * request, so the upstream's span is the attempt's child. After endpoint selection, so
 * {@code server.address}/{@code server.port} are the endpoint actually called. With no SDK and no
 * propagator there is nothing to record or send, and the attempt makes no span at all.
 */
final class AttemptSpan implements AttemptStep {
    static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> METHOD_ORIGINAL = AttributeKey.stringKey("http.request.method_original");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<Long> RESEND_COUNT = AttributeKey.longKey("http.request.resend_count");
    static final AttributeKey<Long> STATUS_CODE = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private static final TextMapSetter<Carrier> SETTER = Carrier::set;

    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final boolean injects;
    private final KnownMethods methods;
    private final AttemptStep next;

    private AttemptSpan(OpenTelemetry openTelemetry, KnownMethods methods, AttemptStep next) {
        this.methods = methods;
        this.next = next;
        this.tracer = openTelemetry.getTracer(RetryTelemetry.INSTRUMENTATION);
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        this.injects = !propagator.fields().isEmpty();
    }

    static AttemptStep around(AttemptStep next, OpenTelemetry openTelemetry, KnownMethods methods) {
        return new AttemptSpan(openTelemetry, methods, next);
    }

    @Override
    public Response proceed(Interceptor.Chain chain, Request request) throws IOException {
        // Per call, not once: an SDK's tracer can be turned on and off while the factory runs.
        if (!injects && !tracer.isEnabled()) {
            return next.proceed(chain, request);
        }
        String method = request.method();
        String reported = methods.reported(method);
        boolean known = !KnownMethods.OTHER.equals(reported);
        Span span = tracer.spanBuilder(known ? method : "HTTP")
                .setSpanKind(SpanKind.CLIENT)
                .startSpan();
        boolean recording = span.isRecording();
        if (recording) {
            HttpUrl url = request.url();
            span.setAttribute(METHOD, reported);
            if (!known) {
                span.setAttribute(METHOD_ORIGINAL, method);
            }
            span.setAttribute(SERVER_ADDRESS, url.host());
            span.setAttribute(SERVER_PORT, url.port());
            LogicalCall attempt = LogicalCall.of(chain.call());
            if (attempt != null && attempt.resendCount() > 0) {
                span.setAttribute(RESEND_COUNT, attempt.resendCount());
            }
            if (attempt != null && attempt.subset() != null) {
                span.setAllAttributes(attempt.subset().attributes());
            }
        }
        Request outgoing = injects ? inject(span, request) : request;
        Response response;
        try (Scope scope = recording ? span.makeCurrent() : Scope.noop()) {
            response = next.proceed(chain, outgoing);
        } catch (IOException | RuntimeException e) {
            if (recording) {
                span.setAttribute(ERROR_TYPE, e.getClass().getName());
                span.setStatus(StatusCode.ERROR);
            }
            span.end();
            throw e;
        }
        if (recording) {
            int code = response.code();
            span.setAttribute(STATUS_CODE, code);
            if (code >= 400) {
                span.setAttribute(ERROR_TYPE, Integer.toString(code));
                span.setStatus(StatusCode.ERROR);
            }
        }
        span.end();
        return response;
    }

    private Request inject(Span span, Request request) {
        Carrier carrier = new Carrier(request);
        propagator.inject(Context.current().with(span), carrier, SETTER);
        return carrier.builder == null ? request : carrier.builder.build();
    }

    /** Writes propagated headers onto a copy of the request; a header the caller set is kept. */
    private static final class Carrier {
        private final Request request;
        private Request.Builder builder;

        Carrier(Request request) {
            this.request = request;
        }

        void set(String name, String value) {
            if (request.header(name) != null) {
                return;
            }
            if (builder == null) {
                builder = request.newBuilder();
            }
            builder.header(name, value);
        }
    }
}
