package dev.nala;

import dev.nala.internal.settings.DurationText;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import kotlin.jvm.JvmClassMappingKt;
import kotlin.reflect.KClass;
import okhttp3.Request;

/**
 * Options for one call, attached to its request as an OkHttp tag: a shorter deadline, no
 * retries, or a declaration that the request is safe to repeat.
 *
 * <pre>{@code
 * CallOptions options = CallOptions.builder()
 *         .timeout(Duration.ofMillis(300))
 *         .noRetries()
 *         .build();
 * Request request = new Request.Builder()
 *         .url("http://payment-service/charge")
 *         .tag(CallOptions.class, options)
 *         .build();
 * }</pre>
 *
 * <p>What each option does, per mode:
 * <table>
 *   <caption>Per-call options by deployment mode</caption>
 *   <tr><th>option</th><th>standalone</th><th>mesh</th></tr>
 *   <tr><td>{@link Builder#timeout timeout}</td>
 *       <td>bounds the call like {@code call-timeout}, when shorter</td>
 *       <td>the same</td></tr>
 *   <tr><td>{@link Builder#noRetries noRetries}</td>
 *       <td>one attempt, whatever {@code retry.max-attempts} says</td>
 *       <td>nothing to change: mesh mode makes one attempt anyway</td></tr>
 *   <tr><td>{@link Builder#idempotent idempotent}</td>
 *       <td>retried like a GET, and resent after a closed pooled connection like one</td>
 *       <td>no retries (there are none); resent after a closed pooled connection like a GET</td></tr>
 * </table>
 * In both modes {@code idempotent} counts, for Nala's retries and resends, as an
 * {@code Idempotency-Key} header does, though nothing is sent on the wire; and no option ever
 * lets a one-shot or duplex request body be written twice. No option turns
 * off the resend of a request that met a pooled connection the server or sidecar had already
 * closed: that request reached nothing, so sending it again is not a retry (see
 * {@link dev.nala.internal.ConnectionResend}).
 *
 * <p>Nala reads the options from the request handed to {@code newCall}, as the call enters the
 * factory's client; a tag that an application interceptor changes later does not move the
 * deadline or change the retries. A request without the tag behaves as with {@link #DEFAULT}.
 * Mesh mode logs nothing about options it has nothing to do for: a line per call would flood
 * the log.
 *
 * <p>Instances are immutable and thread-safe; one can be shared by any number of requests.
 */
public final class CallOptions {
    /** No options: the service's settings alone decide. What {@link #from} returns for an untagged request. */
    public static final CallOptions DEFAULT = new CallOptions(null, false, false);

    /** The tag's key as OkHttp stores it: looking a tag up by {@code Class} makes a new {@code KClass} each time. */
    static final KClass<CallOptions> TAG = JvmClassMappingKt.getKotlinClass(CallOptions.class);

    private final Duration timeout;
    /** {@link #timeout} in nanoseconds, saturated; 0 for none. */
    private final long timeoutNanos;

    private final boolean noRetries;
    private final boolean idempotent;

    private CallOptions(Duration timeout, boolean noRetries, boolean idempotent) {
        this.timeout = timeout;
        this.timeoutNanos = timeout == null ? 0 : saturatedNanos(timeout);
        this.noRetries = noRetries;
        this.idempotent = idempotent;
    }

    /** A builder with no option set. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The options attached to {@code request} ({@code tag(CallOptions.class, ...)}), or
     * {@link #DEFAULT} if it has none. Allocates nothing.
     */
    public static CallOptions from(Request request) {
        CallOptions options = request.tag(TAG);
        return options != null ? options : DEFAULT;
    }

    /**
     * The call's own timeout, if one was set. It bounds the whole call, as {@code call-timeout}
     * does, but only where it is shorter than the service's {@code call-timeout} (and than a
     * timeout set on the OkHttp call or client): see {@link Builder#timeout}.
     */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** Whether the caller turned retries off for this call (standalone mode): see {@link Builder#noRetries}. */
    public boolean noRetries() {
        return noRetries;
    }

    /** Whether the caller declared the request safe to repeat: see {@link Builder#idempotent}. */
    public boolean idempotent() {
        return idempotent;
    }

    /**
     * The timeout to arm on a call bounded by {@code boundNanos}: this call's own timeout if it is
     * shorter, else {@code boundNanos}.
     */
    long timeoutNanosWithin(long boundNanos) {
        return timeoutNanos != 0 && timeoutNanos < boundNanos ? timeoutNanos : boundNanos;
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /** As in settings ({@code 300ms}), or Java's form for a duration too long for that. */
    private static String text(Duration duration) {
        try {
            return DurationText.of(duration);
        } catch (ArithmeticException tooLong) {
            return duration.toString();
        }
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof CallOptions)) {
            return false;
        }
        CallOptions that = (CallOptions) other;
        return noRetries == that.noRetries && idempotent == that.idempotent && Objects.equals(timeout, that.timeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(timeout, noRetries, idempotent);
    }

    /** For example {@code CallOptions{timeout=300ms, noRetries}}; {@code CallOptions{}} for none. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("CallOptions{");
        String separator = "";
        if (timeout != null) {
            text.append("timeout=").append(text(timeout));
            separator = ", ";
        }
        if (noRetries) {
            text.append(separator).append("noRetries");
            separator = ", ";
        }
        if (idempotent) {
            text.append(separator).append("idempotent");
        }
        return text.append('}').toString();
    }

    /** Builds {@link CallOptions}; not thread-safe. Every option is off until set. */
    public static final class Builder {
        private Duration timeout;
        private boolean noRetries;
        private boolean idempotent;

        private Builder() {}

        /**
         * Bounds the whole call by {@code timeout}, in both modes, as the service's
         * {@code call-timeout} does: every attempt, every backoff between attempts (standalone),
         * the wait for discovery's first answer (standalone), and reading the response body. It
         * runs from the moment the call enters the factory's client (for {@code enqueue()}, when
         * the dispatcher starts it). When it passes, the call is cancelled and fails with the
         * same exception as for {@code call-timeout}: OkHttp's
         * {@code InterruptedIOException: timeout}, or {@link CallTimeoutException} if Nala was
         * waiting for discovery then; in standalone mode nothing more is retried.
         *
         * <p>It can only shorten the call's deadline. The service's {@code call-timeout} is the
         * operator's safety net and stays in force: a longer timeout here is bounded by it, as it
         * is by a shorter timeout set on the OkHttp call ({@code call.timeout()}) or client
         * ({@code callTimeout}); the shortest of them applies.
         *
         * @param timeout a positive duration
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         * @throws NullPointerException if {@code timeout} is null
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "CallOptions timeout must not be null");
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("CallOptions timeout must be a positive duration, was "
                        + text(timeout) + "; leave it unset for the service's call-timeout alone");
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Makes the call a single attempt in standalone mode: a retryable failure or status
         * ({@code retry.on-status}) reaches the caller as it is, whatever
         * {@code retry.max-attempts} and {@code retry.non-idempotent} say; the call still counts
         * toward the retry budget's share of calls, as a POST does. A request that met a pooled
         * connection the server had already closed is still sent once more on a new connection:
         * it reached nothing, so that is not a retry. Mesh mode makes one attempt anyway, so
         * there this changes nothing.
         */
        public Builder noRetries() {
            this.noRetries = true;
            return this;
        }

        /**
         * Declares the request safe to repeat (RFC 9110 section 9.2.2) whatever its method, as an
         * {@code Idempotency-Key} header does: in standalone mode a POST or PATCH is retried like
         * a GET (within {@code retry.max-attempts}, the deadline and the budget, unless
         * {@link #noRetries} is set too); in both modes, a request fully written to a pooled
         * connection the peer had already closed is sent once more on a new connection, as a GET
         * would be. Use it only where the server really treats a repeat as a no-op. A one-shot
         * or duplex body is still never written twice. Mesh mode never retries, so there it only
         * affects that resend.
         */
        public Builder idempotent() {
            this.idempotent = true;
            return this;
        }

        /** The options; {@link #DEFAULT} if none was set. */
        public CallOptions build() {
            if (timeout == null && !noRetries && !idempotent) {
                return DEFAULT;
            }
            return new CallOptions(timeout, noRetries, idempotent);
        }
    }
}
