package dev.nala;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InboundRequestTest {

    @Test
    void keepsOnlyTheForwardedHeaders() {
        InboundRequest inbound = InboundRequest.of(Map.of(
                "X-Request-Id", List.of("abc-123"),
                "TraceParent", List.of("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
                "Authorization", List.of("Bearer secret"),
                "Cookie", List.of("session=1"),
                "X-B3-Sampled", List.of("1")));
        assertThat(inbound.headers()).containsOnlyKeys("x-request-id", "traceparent", "x-b3-sampled");
        assertThat(inbound.header("x-request-id")).contains("abc-123");
        assertThat(inbound.toString()).doesNotContain("abc-123");
    }

    @Test
    void joinsRepeatedValuesAsHttpAllows() {
        InboundRequest inbound =
                InboundRequest.of(Map.of("tracestate", List.of("a=1", "b=2"), "TRACESTATE", List.of("c=3")));
        assertThat(inbound.header("tracestate").orElseThrow())
                .contains("a=1,b=2")
                .contains("c=3");
    }

    @Test
    void dropsValuesThatCannotGoOnTheWire() {
        InboundRequest inbound = InboundRequest.of(name -> switch (name) {
            case "x-request-id" -> "evil\r\nX-Injected: 1";
            case "b3" -> "  ";
            case "baggage" -> "k=" + "v".repeat(9000);
            case "x-b3-traceid" -> "  463ac35c9f6413ad  ";
            default -> null;
        });
        assertThat(inbound.headers()).containsExactly(Map.entry("x-b3-traceid", "463ac35c9f6413ad"));
    }

    @Test
    void canBeStoredInAContextExplicitly() {
        InboundRequest inbound = InboundRequest.of(name -> name.equals("x-request-id") ? "r1" : null);
        try (Scope scope = inbound.storeIn(Context.root()).makeCurrent()) {
            assertThat(InboundRequest.current()).containsSame(inbound);
        }
    }

    @Test
    void isCurrentOnlyInsideItsScope() {
        assertThat(InboundRequest.current()).isEmpty();
        InboundRequest inbound = InboundRequest.of(name -> name.equals("x-request-id") ? "r1" : null);
        try (Scope scope = inbound.makeCurrent()) {
            assertThat(InboundRequest.current()).containsSame(inbound);
            InboundRequest nested = InboundRequest.of(name -> name.equals("x-request-id") ? "r2" : null);
            try (Scope inner = nested.makeCurrent()) {
                assertThat(InboundRequest.current()).containsSame(nested);
            }
            assertThat(InboundRequest.current()).containsSame(inbound);
        }
        assertThat(InboundRequest.current()).isEmpty();
    }

    @Test
    void followsWorkToAnotherThreadWhenTheContextIsPassedOn() throws Exception {
        InboundRequest inbound = InboundRequest.of(name -> name.equals("x-request-id") ? "r1" : null);
        ExecutorService plain = Executors.newSingleThreadExecutor();
        ExecutorService wrapped = Context.taskWrapping(plain);
        try (Scope scope = inbound.makeCurrent()) {
            Future<Optional<InboundRequest>> unwrapped = plain.submit(InboundRequest::current);
            Future<Optional<InboundRequest>> viaExecutor = wrapped.submit(InboundRequest::current);
            Future<Optional<InboundRequest>> viaTask =
                    plain.submit(Context.current().wrap(() -> InboundRequest.current()));
            assertThat(unwrapped.get(5, TimeUnit.SECONDS)).isEmpty();
            assertThat(viaExecutor.get(5, TimeUnit.SECONDS)).containsSame(inbound);
            assertThat(viaTask.get(5, TimeUnit.SECONDS)).containsSame(inbound);
        } finally {
            plain.shutdownNow();
        }
    }
}
