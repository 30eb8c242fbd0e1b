package dev.nala.examples;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the spans that ended, for the report. It also keeps tracing on when nothing is
 * exported: an SDK tracer provider without any span processor hands out no-op tracers, and
 * then no call would carry a sampled {@code traceparent}.
 */
final class SpanCount implements SpanProcessor {
    private final AtomicLong ended = new AtomicLong();

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
        return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        ended.incrementAndGet();
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }

    /** Spans ended so far. */
    long ended() {
        return ended.get();
    }
}
