package dev.nala;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import dev.nala.internal.CallSubset;
import dev.nala.internal.KnownMethods;
import dev.nala.internal.ServiceName;
import dev.nala.internal.TelemetryNames;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;

/**
 * One CLIENT span and one {@code http.client.request.duration} measurement per logical call, per
 * the OpenTelemetry HTTP conventions (docs/observability.md). The mode's chain runs with this span
 * current; with no span current, a valid {@code traceparent} on the {@link InboundRequest}
 * continues that trace. With no SDK the call goes straight on, nothing built.
 */
final class CallSpan {
    static final AttributeKey<String> METHOD = stringKey("http.request.method");
    static final AttributeKey<String> METHOD_ORIGINAL = stringKey("http.request.method_original");
    static final AttributeKey<String> SERVER_ADDRESS = stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = longKey("server.port");
    static final AttributeKey<String> URL_FULL = stringKey("url.full");
    static final AttributeKey<Long> STATUS_CODE = longKey("http.response.status_code");
    static final AttributeKey<String> ERROR_TYPE = stringKey("error.type");
    static final AttributeKey<String> PROTOCOL_VERSION = stringKey("network.protocol.version");

    static final String DURATION = "http.client.request.duration";
    /** In seconds. */
    static final List<Double> DURATION_BUCKETS =
            List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);

    private static final TextMapGetter<Map<String, String>> INBOUND_HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;
    private final DoubleHistogram duration;
    private final String mode;
    private final KnownMethods methods;

    CallSpan(OpenTelemetry openTelemetry, DeploymentMode mode, KnownMethods methods) {
        this.tracer = openTelemetry.getTracer(TelemetryNames.SCOPE);
        this.duration = openTelemetry
                .getMeter(TelemetryNames.SCOPE)
                .histogramBuilder(DURATION)
                .setUnit("s")
                .setDescription(
                        "Duration of HTTP client requests: one logical call through Nala, all attempts included.")
                .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
                .build();
        this.mode = mode.configValue();
        this.methods = methods;
    }

    Response around(Interceptor.Chain chain, Interceptor inner) throws IOException {
        boolean tracing = tracer.isEnabled();
        boolean measuring = duration.isEnabled();
        if (!tracing && !measuring) {
            return inner.intercept(chain);
        }
        Request request = chain.request();
        InFlight call =
                new InFlight(request, methods.reported(request.method()), serviceOf(request.url()), System.nanoTime());
        Span span = tracing ? call.start() : Span.getInvalid();
        Response response;
        try (Scope scope = tracing ? span.makeCurrent() : Scope.noop()) {
            response = inner.intercept(chain);
        } catch (IOException | RuntimeException | Error e) {
            call.failed(span, e, CallSubset.of(chain.call()));
            throw e;
        }
        call.answered(span, response, CallSubset.of(chain.call()));
        return response;
    }

    private static Context parent() {
        Context current = Context.current();
        if (Span.fromContext(current).getSpanContext().isValid()) {
            return current;
        }
        Optional<InboundRequest> inbound = InboundRequest.current();
        if (inbound.isEmpty() || inbound.get().header("traceparent").isEmpty()) {
            return current;
        }
        return W3CTraceContextPropagator.getInstance()
                .extract(current, inbound.get().headers(), INBOUND_HEADERS);
    }

    /** A malformed name is the mode chain's error to raise. */
    private static String serviceOf(HttpUrl url) {
        if (!ServiceName.isLogicalHost(url.host())) {
            return null;
        }
        try {
            return ServiceName.fromUrl(url).map(ServiceName::value).orElse(null);
        } catch (InvalidServiceNameException e) {
            return null;
        }
    }

    private final class InFlight {
        private final Request request;
        private final String method;
        private final String service;
        private final long startNanos;

        InFlight(Request request, String method, String service, long startNanos) {
            this.request = request;
            this.method = method;
            this.service = service;
            this.startNanos = startNanos;
        }

        Span start() {
            HttpUrl url = request.url();
            var builder = tracer.spanBuilder(KnownMethods.OTHER.equals(method) ? "HTTP" : method)
                    .setParent(parent())
                    .setSpanKind(SpanKind.CLIENT)
                    .setAttribute(METHOD, method)
                    .setAttribute(SERVER_ADDRESS, url.host())
                    .setAttribute(SERVER_PORT, (long) url.port())
                    .setAttribute(URL_FULL, RedactedUrl.of(url))
                    .setAttribute(TelemetryNames.DEPLOYMENT_MODE, mode);
            if (!method.equals(request.method())) {
                builder.setAttribute(METHOD_ORIGINAL, request.method());
            }
            if (service != null) {
                builder.setAttribute(TelemetryNames.SERVICE, service);
            }
            return builder.startSpan();
        }

        /** @param subset the canary subset the call was routed to, or null */
        void answered(Span span, Response response, CallSubset subset) {
            int code = response.code();
            String errorType = code >= 400 ? Integer.toString(code) : null;
            String version = versionOf(response.protocol());
            if (span.isRecording()) {
                if (subset != null) {
                    span.setAllAttributes(subset.attributes());
                }
                span.setAttribute(STATUS_CODE, (long) code);
                if (version != null) {
                    span.setAttribute(PROTOCOL_VERSION, version);
                }
                if (errorType != null) {
                    span.setAttribute(ERROR_TYPE, errorType);
                    span.setStatus(StatusCode.ERROR);
                }
            }
            span.end();
            record(code, errorType, version, subset);
        }

        void failed(Span span, Throwable failure, CallSubset subset) {
            String errorType = failure.getClass().getName();
            if (span.isRecording()) {
                if (subset != null) {
                    span.setAllAttributes(subset.attributes());
                }
                span.setAttribute(ERROR_TYPE, errorType);
                span.setStatus(StatusCode.ERROR);
                span.recordException(failure);
            }
            span.end();
            record(0, errorType, null, subset);
        }

        private void record(int code, String errorType, String version, CallSubset subset) {
            if (!duration.isEnabled()) {
                return;
            }
            HttpUrl url = request.url();
            AttributesBuilder attributes = Attributes.builder()
                    .put(METHOD, method)
                    .put(SERVER_ADDRESS, url.host())
                    .put(SERVER_PORT, url.port())
                    .put(TelemetryNames.DEPLOYMENT_MODE, mode);
            if (service != null) {
                attributes.put(TelemetryNames.SERVICE, service);
            }
            if (code > 0) {
                attributes.put(STATUS_CODE, code);
            }
            if (errorType != null) {
                attributes.put(ERROR_TYPE, errorType);
            }
            if (version != null) {
                attributes.put(PROTOCOL_VERSION, version);
            }
            if (subset != null) {
                attributes.putAll(subset.attributes());
            }
            duration.record((System.nanoTime() - startNanos) / 1e9, attributes.build());
        }
    }

    private static String versionOf(Protocol protocol) {
        return switch (protocol) {
            case HTTP_1_0 -> "1.0";
            case HTTP_1_1 -> "1.1";
            case HTTP_2, H2_PRIOR_KNOWLEDGE -> "2";
            case QUIC, HTTP_3 -> "3";
            default -> null;
        };
    }
}
