package dev.nala;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.nala.testing.Enqueued;
import dev.nala.testing.ForwardingEventListener;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The caller's context reaches the chain of an asynchronous call whatever the caller does with
 * the client, and a context already current when the chain starts (the OpenTelemetry agent's) is
 * never replaced by the one captured at {@code callStart}.
 */
class CallerContextTest {
    private static final ContextKey<String> OTHERS_KEY = ContextKey.named("someone else's key");

    private final MockWebServer upstream = new MockWebServer();
    private final InMemoryTelemetry telemetry = new InMemoryTelemetry();
    /** Held by the upstream before it answers the first request, until released. */
    private final CountDownLatch releaseFirst = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        upstream.setDispatcher(new Dispatcher() {
            private int requests;

            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                boolean first;
                synchronized (this) {
                    first = ++requests == 1;
                }
                if (first && request.getUrl().encodedPath().equals("/held")) {
                    releaseFirst.await(10, TimeUnit.SECONDS);
                }
                return new MockResponse.Builder().body("ok").build();
            }
        });
        upstream.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() {
        releaseFirst.countDown();
        upstream.close();
        telemetry.close();
    }

    /** Ways a caller derives a client from the factory's. */
    enum Derivation {
        AS_IS(builder -> builder),
        OWN_EVENT_LISTENER(builder -> builder.eventListener(new EventListener() {})),
        OWN_EVENT_LISTENER_FACTORY(builder -> builder.eventListenerFactory(call -> new EventListener() {})),
        WRAPPED_EVENT_LISTENER(builder -> {
            EventListener.Factory factory = builder.build().eventListenerFactory();
            return builder.eventListenerFactory(call -> new ForwardingEventListener(factory.create(call)));
        }),
        ADDED_INTERCEPTOR(builder -> builder.addInterceptor(chain -> chain.proceed(chain.request()))),
        ADDED_NETWORK_INTERCEPTOR(builder -> builder.addNetworkInterceptor(chain -> chain.proceed(chain.request()))),
        OWN_LISTENER_AND_INTERCEPTOR(builder ->
                builder.eventListener(new EventListener() {}).addInterceptor(chain -> chain.proceed(chain.request())));

        final UnaryOperator<OkHttpClient.Builder> derive;

        Derivation(UnaryOperator<OkHttpClient.Builder> derive) {
            this.derive = derive;
        }
    }

    @ParameterizedTest
    @EnumSource(Derivation.class)
    void anAsynchronousCallOnADerivedClientIsTheChildOfTheSpanThatStartedIt(Derivation derivation) throws Exception {
        Span caller = telemetry
                .openTelemetry()
                .getTracer("test")
                .spanBuilder("handle order")
                .startSpan();
        try (HttpClientFactory factory = factory(telemetry.openTelemetry())) {
            OkHttpClient client =
                    derivation.derive.apply(factory.client().newBuilder()).build();
            try (Scope scope = caller.makeCurrent()) {
                assertThat(enqueue(client, "/").get(10, TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            caller.end();
        }
        assertThat(callSpans())
                .singleElement()
                .satisfies(call -> assertThat(call.getParentSpanId())
                        .isEqualTo(caller.getSpanContext().getSpanId()));
    }

    @Test
    void aCallGivenAListenerOfItsOwnStillRunsInTheCallersContext() throws Exception {
        Span caller = telemetry
                .openTelemetry()
                .getTracer("test")
                .spanBuilder("handle order")
                .startSpan();
        try (HttpClientFactory factory = factory(telemetry.openTelemetry())) {
            OkHttpClient client = factory.client()
                    .newBuilder()
                    .eventListener(new EventListener() {})
                    .build();
            try (Scope scope = caller.makeCurrent()) {
                Call call = client.newCall(new Request.Builder().url(url("/")).build());
                call.addEventListener(new EventListener() {});
                assertThat(Enqueued.status(call).get(10, TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            caller.end();
        }
        assertThat(callSpans().get(0).getParentSpanId())
                .isEqualTo(caller.getSpanContext().getSpanId());
    }

    @ParameterizedTest
    @EnumSource(Derivation.class)
    void theInboundRequestReachesAnAsynchronousCallWithoutAnSdk(Derivation derivation) throws Exception {
        AtomicReference<Optional<InboundRequest>> seen = new AtomicReference<>();
        InboundRequest inbound = InboundRequest.of(name -> name.equals("x-request-id") ? "req-7" : null);
        try (HttpClientFactory factory = factory(OpenTelemetry.noop())) {
            // The caller's interceptor runs where the mode's do.
            OkHttpClient client = derivation
                    .derive
                    .apply(factory.client().newBuilder())
                    .addInterceptor(chain -> {
                        seen.set(InboundRequest.current());
                        return chain.proceed(chain.request());
                    })
                    .build();
            try (Scope scope = inbound.makeCurrent()) {
                assertThat(enqueue(client, "/").get(10, TimeUnit.SECONDS)).isEqualTo(200);
            }
        }
        assertThat(seen.get()).containsSame(inbound);
    }

    @Test
    void aCallThatWaitedInTheDispatchersQueueIsTheChildOfItsOwnCallerNotOfTheCallThatMadeRoom() throws Exception {
        Span first =
                telemetry.openTelemetry().getTracer("test").spanBuilder("first").startSpan();
        Span second = telemetry
                .openTelemetry()
                .getTracer("test")
                .spanBuilder("second")
                .startSpan();
        try (HttpClientFactory factory = factory(telemetry.openTelemetry())) {
            factory.client().dispatcher().setMaxRequestsPerHost(1);
            CompletableFuture<Integer> held;
            CompletableFuture<Integer> queued;
            try (Scope scope = first.makeCurrent()) {
                held = enqueue(factory.client(), "/held");
            }
            try (Scope scope = second.makeCurrent()) {
                queued = enqueue(factory.client(), "/queued");
            }
            assertThat(factory.client().dispatcher().queuedCallsCount()).isEqualTo(1);
            releaseFirst.countDown();
            assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo(200);
            assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo(200);
        } finally {
            first.end();
            second.end();
        }
        assertThat(callSpan("/queued").getParentSpanId())
                .isEqualTo(second.getSpanContext().getSpanId());
        assertThat(callSpan("/held").getParentSpanId())
                .isEqualTo(first.getSpanContext().getSpanId());
    }

    @Test
    void withItsOwnListenerACallThatWaitedInTheQueueStartsANewTraceRatherThanJoinAnotherCalls() throws Exception {
        Span first =
                telemetry.openTelemetry().getTracer("test").spanBuilder("first").startSpan();
        Span second = telemetry
                .openTelemetry()
                .getTracer("test")
                .spanBuilder("second")
                .startSpan();
        try (HttpClientFactory factory = factory(telemetry.openTelemetry())) {
            OkHttpClient client = factory.client()
                    .newBuilder()
                    .eventListener(new EventListener() {})
                    .build();
            client.dispatcher().setMaxRequestsPerHost(1);
            CompletableFuture<Integer> held;
            CompletableFuture<Integer> queued;
            try (Scope scope = first.makeCurrent()) {
                held = enqueue(client, "/held");
            }
            try (Scope scope = second.makeCurrent()) {
                queued = enqueue(client, "/queued");
            }
            releaseFirst.countDown();
            assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo(200);
            assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo(200);
        } finally {
            first.end();
            second.end();
        }
        SpanData queuedCall = callSpan("/queued");
        assertThat(queuedCall.getParentSpanContext().isValid())
                .as("a root span")
                .isFalse();
        assertThat(queuedCall.getTraceId()).isNotEqualTo(first.getSpanContext().getTraceId());
    }

    @Test
    void aContextMadeCurrentInFrontOfTheFactorysInterceptorIsKeptForBothKindsOfCall() throws Exception {
        // What the OpenTelemetry agent's first OkHttp interceptor does: the caller's context plus
        // a key of its own (its request counter), which the chain must still see.
        List<String> seen = new ArrayList<>();
        Span caller = telemetry
                .openTelemetry()
                .getTracer("test")
                .spanBuilder("handle order")
                .startSpan();
        try (HttpClientFactory factory = factory(telemetry.openTelemetry())) {
            OkHttpClient.Builder builder = factory.client().newBuilder();
            builder.interceptors().add(0, chain -> {
                try (Scope scope = Context.current().with(OTHERS_KEY, "counter").makeCurrent()) {
                    return chain.proceed(chain.request());
                }
            });
            OkHttpClient client = builder.addInterceptor(chain -> {
                        synchronized (seen) {
                            seen.add(Context.current().get(OTHERS_KEY));
                        }
                        return chain.proceed(chain.request());
                    })
                    .build();
            try (Scope scope = caller.makeCurrent()) {
                try (Response response = client.newCall(
                                new Request.Builder().url(url("/")).build())
                        .execute()) {
                    assertThat(response.code()).isEqualTo(200);
                }
                assertThat(enqueue(client, "/").get(10, TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            caller.end();
        }
        assertThat(seen).containsExactly("counter", "counter");
        assertThat(callSpans())
                .hasSize(2)
                .allSatisfy(call -> assertThat(call.getParentSpanId())
                        .isEqualTo(caller.getSpanContext().getSpanId()));
    }

    @Test
    void theCapturedContextIsRestoredOnlyOverAContextWithoutCallerState() {
        OkHttpClient plain = new OkHttpClient();
        Call call = plain.newCall(new Request.Builder().url(url("/")).build());
        Span caller = telemetry
                .openTelemetry()
                .getTracer("test")
                .spanBuilder("handle order")
                .startSpan();
        try (Scope scope = caller.makeCurrent()) {
            CallerContext.capture(call);
            assertThat(CallerContext.toRestore(call))
                    .as("the caller's own thread")
                    .isNull();
        } finally {
            caller.end();
        }

        assertThat(CallerContext.toRestore(call))
                .as("nothing current")
                .satisfies(context -> assertThat(Span.fromContext(context)).isSameAs(caller));
        try (Scope scope = Context.root().with(OTHERS_KEY, "x").makeCurrent()) {
            assertThat(CallerContext.toRestore(call))
                    .as("only someone else's key current")
                    .isNotNull();
        }
        Span other =
                telemetry.openTelemetry().getTracer("test").spanBuilder("other").startSpan();
        try (Scope scope = other.makeCurrent()) {
            assertThat(CallerContext.toRestore(call)).as("a span current").isNull();
        } finally {
            other.end();
        }
        try (Scope scope = Baggage.builder().put("tenant", "t1").build().makeCurrent()) {
            assertThat(CallerContext.toRestore(call)).as("baggage current").isNull();
        }
        try (Scope scope = InboundRequest.of(name -> null).makeCurrent()) {
            assertThat(CallerContext.toRestore(call))
                    .as("an inbound request current")
                    .isNull();
        }
    }

    @Test
    void nothingIsCapturedFromAContextWithoutCallerState() {
        Call call =
                new OkHttpClient().newCall(new Request.Builder().url(url("/")).build());
        try (Scope scope = Context.root().with(OTHERS_KEY, "x").makeCurrent()) {
            CallerContext.capture(call);
        }
        assertThat(CallerContext.toRestore(call)).isNull();
    }

    @Test
    void theDispatcherRunsOnAThreadPoolExecutorAsOkHttpsOwnDoesAndCloseShutsItDown() throws Exception {
        HttpClientFactory factory = factory(OpenTelemetry.noop());
        ExecutorService executor = factory.client().dispatcher().executorService();
        assertThat(executor).isInstanceOf(ThreadPoolExecutor.class);
        assertThat(factory.client().newBuilder().build().dispatcher())
                .as("shared by derived clients")
                .isSameAs(factory.client().dispatcher());
        assertThat(enqueue(factory.client(), "/").get(10, TimeUnit.SECONDS)).isEqualTo(200);
        factory.close();
        assertThat(executor.isShutdown()).isTrue();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private HttpClientFactory factory(OpenTelemetry openTelemetry) {
        return HttpClientFactory.builder()
                .environment(Environment.of(Map.of()))
                .config(ConfigFactory.empty())
                .mode(DeploymentMode.STANDALONE)
                .openTelemetry(openTelemetry)
                .build();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + upstream.getPort() + path;
    }

    private CompletableFuture<Integer> enqueue(OkHttpClient client, String path) {
        return Enqueued.status(
                client.newCall(new Request.Builder().url(url(path)).build()));
    }

    private List<SpanData> callSpans() {
        return telemetry.spans().stream()
                .filter(span -> span.getInstrumentationScopeInfo().getName().equals("dev.nala"))
                .toList();
    }

    private SpanData callSpan(String path) {
        return callSpans().stream()
                .filter(span -> String.valueOf(span.getAttributes().get(CallSpan.URL_FULL))
                        .endsWith(path))
                .findFirst()
                .orElseThrow();
    }
}
