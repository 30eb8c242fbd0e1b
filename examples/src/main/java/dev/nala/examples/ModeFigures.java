package dev.nala.examples;

/**
 * What one deployment mode did with the demo's calls.
 *
 * @param foundThrough how payment-service was resolved, in words
 * @param calls calls the application made
 * @param attempts requests Nala put on the wire for them (standalone: Nala's
 *     {@code nala.client.call.attempts} histogram; mesh: the requests the sidecar received)
 * @param callerErrors calls that ended in an exception or a non-2xx status, as the caller saw them
 * @param healthyRequests requests that reached the healthy instance
 * @param flakyRequests requests that reached the flaky instance
 * @param sidecarRetries retries the sidecar stand-in made, or -1 when there was no sidecar
 * @param ejections Nala's {@code nala.client.endpoint.ejections} in this mode
 * @param ejected the instances Nala ejected, by name, or an empty string
 * @param requestId the {@code x-request-id} the healthy instance last received
 * @param traceparent the {@code traceparent} the healthy instance last received
 */
record ModeFigures(
        String foundThrough,
        int calls,
        long attempts,
        int callerErrors,
        int healthyRequests,
        int flakyRequests,
        int sidecarRetries,
        long ejections,
        String ejected,
        String requestId,
        String traceparent) {}
