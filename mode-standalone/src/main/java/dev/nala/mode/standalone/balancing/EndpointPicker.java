package dev.nala.mode.standalone.balancing;

import dev.nala.internal.settings.ServiceSettings.LoadBalancer;
import dev.nala.mode.standalone.TriedEndpoints;

/** A load-balancing algorithm: picks one endpoint of a service for an attempt. */
interface EndpointPicker {

    /**
     * @return an endpoint in rotation that {@code tried} does not contain, or null if there is none
     */
    EndpointState pick(EndpointState[] states, TriedEndpoints tried);

    /** Whether picks read {@link EndpointState#latency}, so attempts must be timed to feed it. */
    default boolean weighsLatency() {
        return false;
    }

    /** A new picker for one service: its own round-robin position, say. */
    static EndpointPicker of(LoadBalancer algorithm) {
        switch (algorithm) {
            case ROUND_ROBIN:
                return new RoundRobin();
            case LEAST_OUTSTANDING:
                return LeastLoaded.leastOutstanding();
            case PEAK_EWMA:
            default:
                return LeastLoaded.peakEwma(System::nanoTime);
        }
    }
}
