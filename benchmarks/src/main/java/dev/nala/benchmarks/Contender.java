package dev.nala.benchmarks;

import java.util.Arrays;
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
    FAILSAFE("failsafe");

    private final String label;

    Contender(String label) {
        this.label = label;
    }

    String label() {
        return label;
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
