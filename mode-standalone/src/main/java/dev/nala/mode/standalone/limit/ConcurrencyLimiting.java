package dev.nala.mode.standalone.limit;

import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.ConcurrencyLimitSettings;
import dev.nala.internal.settings.NalaSettings;
import dev.nala.internal.settings.ServiceSettings;
import dev.nala.mode.standalone.AttemptStep;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The attempt step that holds each attempt to a logical service within its adaptive concurrency
 * limit, and tells the limit how the attempt went. The place is held for one attempt, so a retry's
 * backoff holds none. See "Adaptive concurrency limit" in docs/standalone.md.
 */
public final class ConcurrencyLimiting implements AttemptStep, AutoCloseable {
    private final NalaSettings settings;
    private final AttemptStep next;
    private final LimitTelemetry telemetry;
    /** Per logical service that has been called: its limit, or empty when its limit is off. */
    private final ConcurrentMap<String, Optional<ServiceLimit>> services = new ConcurrentHashMap<>();

    private ConcurrencyLimiting(NalaSettings settings, OpenTelemetry openTelemetry, AttemptStep next) {
        this.settings = settings;
        this.next = next;
        this.telemetry = new LimitTelemetry(
                openTelemetry,
                () -> services.values().stream().flatMap(Optional::stream).toList());
    }

    /** {@code next} itself when no service has a concurrency limit. */
    public static AttemptStep inFrontOf(AttemptStep next, NalaSettings settings, OpenTelemetry openTelemetry) {
        boolean anyEnabled = settings.defaults().concurrencyLimit().enabled()
                || settings.configuredServices().values().stream()
                        .anyMatch(s -> s.concurrencyLimit().enabled());
        return anyEnabled ? new ConcurrencyLimiting(settings, openTelemetry, next) : next;
    }

    @Override
    public Response proceed(Interceptor.Chain chain, Request request) throws IOException {
        ServiceLimit limit = limitFor(request);
        if (limit == null) {
            return next.proceed(chain, request);
        }
        ServiceLimit.Permit permit = limit.acquire(chain.call());
        Response response;
        try {
            response = next.proceed(chain, request);
        } catch (IOException | RuntimeException | Error e) {
            if (e instanceof InterruptedIOException && !chain.call().isCanceled()) {
                permit.dropped();
            } else {
                permit.ignored();
            }
            throw e;
        }
        int code = response.code();
        if (code == 503 || code == 429) {
            permit.dropped();
        } else if (code >= 500) {
            permit.ignored();
        } else {
            permit.succeeded();
        }
        return response;
    }

    private ServiceLimit limitFor(Request request) {
        String host = request.url().host();
        Optional<ServiceLimit> known = services.get(host);
        if (known != null) {
            return known.orElse(null);
        }
        Optional<ServiceName> service;
        try {
            service = ServiceName.fromUrl(request.url());
        } catch (IOException invalidName) {
            return null; // endpoint selection refuses it, with the reason
        }
        if (service.isEmpty()) {
            return null;
        }
        return services.computeIfAbsent(host, name -> {
                    ServiceSettings serviceSettings = settings.service(service.get());
                    ConcurrencyLimitSettings limit = serviceSettings.concurrencyLimit();
                    return limit.enabled()
                            ? Optional.of(new ServiceLimit(
                                    service.get(),
                                    serviceSettings.configPath() + ".concurrency-limit",
                                    limit,
                                    telemetry))
                            : Optional.empty();
                })
                .orElse(null);
    }

    /** Stops the limit gauge. */
    @Override
    public void close() {
        telemetry.close();
    }
}
