package dev.nala.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The clients every benchmark compares, raw OkHttp first: it is the baseline of every ratio. */
enum Contender {
    /** A plain {@code new OkHttpClient()}: no interceptor of anyone's. */
    RAW_OKHTTP("raw-okhttp"),
    /** {@code factory.client()} in mesh mode, calling {@code http://bench-service/x}. */
    NALA_MESH("nala-mesh"),
    /** {@code factory.client()} in standalone mode, static discovery, calling {@code http://bench-service/x}. */
    NALA_STANDALONE("nala-standalone"),
    /** OkHttp plus the Resilience4j retry and circuit breaker interceptor a user writes by hand. */
    RESILIENCE4J("resilience4j"),
    /** OkHttp calls wrapped in Failsafe's {@code FailsafeCall} with a retry policy and a circuit breaker. */
    FAILSAFE("failsafe"),
    /**
     * A reference, not a contender: raw OkHttp with a 10 s {@code callTimeout}, the deadline both
     * of Nala's modes arm on every call, to tell its cost apart from the chain's.
     */
    RAW_OKHTTP_CALL_TIMEOUT("raw-okhttp-call-timeout");

    private final String label;

    Contender(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** The contenders a run measures unless told otherwise: all of them. */
    static List<Contender> defaults() {
        return List.of(values());
    }

    static Contender fromLabel(String label) {
        for (Contender contender : values()) {
            if (contender.label.equals(label)) {
                return contender;
            }
        }
        throw new IllegalArgumentException("Unknown client \"" + label + "\"; expected one of "
                + Arrays.stream(values()).map(Contender::label).collect(Collectors.joining(", ")));
    }
}
