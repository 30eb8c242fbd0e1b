package dev.nala.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The clients every benchmark compares, raw OkHttp first: it is the baseline of every ratio. */
enum Contender {
    /** A plain {@code new OkHttpClient()}: no interceptor of anyone's. */
    RAW_OKHTTP("raw-okhttp", true),
    /** {@code factory.client()} in mesh mode, calling {@code http://bench-service/x}. */
    NALA_MESH("nala-mesh", true),
    /** {@code factory.client()} in standalone mode, static discovery, calling {@code http://bench-service/x}. */
    NALA_STANDALONE("nala-standalone", true),
    /** OkHttp plus the Resilience4j retry and circuit breaker interceptor a user writes by hand. */
    RESILIENCE4J("resilience4j", true),
    /** OkHttp calls wrapped in Failsafe's {@code FailsafeCall} with a retry policy and a circuit breaker. */
    FAILSAFE("failsafe", true),
    /**
     * A reference for the chain benchmark, not a contender: raw OkHttp with a 10 s
     * {@code callTimeout}, the deadline both of Nala's modes arm on every call, to tell its cost
     * apart from the chain's. (In load runs, on request, it cost no more CPU per call than raw
     * OkHttp.)
     */
    RAW_OKHTTP_CALL_TIMEOUT("raw-okhttp-call-timeout", false),
    /**
     * A reference for the loopback load, not a contender: raw OkHttp once more, set up exactly
     * like {@link #RAW_OKHTTP}. How far it lands from 1.00 is how far the run's noise alone moves a
     * ratio.
     */
    RAW_OKHTTP_AGAIN("raw-okhttp-again", true),
    /**
     * A reference for the chain benchmark, not a contender: raw OkHttp plus
     * {@link HandWrittenRouting}, endpoint choice and a request id the plain OkHttp way.
     */
    ROUTED_BY_HAND("routed-by-hand", false),
    /**
     * A reference for the chain benchmark, not a contender: the hand-wired Resilience4j
     * interceptor of {@link #RESILIENCE4J} around {@link HandWrittenRouting}, so that each attempt picks
     * an endpoint: what a user writes by hand for standalone mode's main features.
     */
    RESILIENCE4J_ROUTED_BY_HAND("resilience4j-routed-by-hand", false),
    /**
     * A reference for the chain benchmark, not a contender: {@link #FAILSAFE}'s retry policy and
     * circuit breaker around a client with {@link HandWrittenRouting}, so that each attempt picks
     * an endpoint: the Failsafe way to write standalone mode's main features by hand.
     */
    FAILSAFE_ROUTED_BY_HAND("failsafe-routed-by-hand", false),
    /**
     * A reference for the loopback load: raw OkHttp calling the Kubernetes DNS name mesh mode
     * sends {@code bench-service} to ({@link Target#clusterUrls()}) instead of the server's IP
     * address, which is what a user of raw OkHttp in a mesh calls. OkHttp canonicalizes a host
     * name (IDNA mapping) for every call's {@code Address}, and an IP literal costs it next to
     * nothing, so this tells OkHttp's cost of a name apart from mesh mode's own.
     */
    RAW_OKHTTP_BY_NAME("raw-okhttp-by-name", true),
    /**
     * A reference for the loopback load: raw OkHttp with the connection pool Nala's factory
     * gives its client ({@code nala.connection-pool}: 64 idle connections instead of OkHttp's 5),
     * calling the server's IP address. It tells what the pool alone is worth apart from what
     * Nala's chain costs.
     */
    RAW_OKHTTP_NALA_POOL("raw-okhttp-nala-pool", true);

    private final String label;
    private final boolean inLoadRuns;

    /** @param inLoadRuns whether a load run measures it unless told which clients to run */
    Contender(String label, boolean inLoadRuns) {
        this.label = label;
        this.inLoadRuns = inLoadRuns;
    }

    String label() {
        return label;
    }

    /** The contenders a load run measures unless told otherwise: all but the chain benchmark's references. */
    static List<Contender> defaults() {
        return Arrays.stream(values()).filter(contender -> contender.inLoadRuns).toList();
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
