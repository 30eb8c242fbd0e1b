package dev.nala.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Where the contenders send their calls.
 *
 * @param ports the loopback servers' ports, the instances of {@code bench-service}; none for no
 *     network at all: a {@link CannedResponse} ends every chain
 * @param endpoints how many static endpoints standalone mode lists for {@code bench-service}
 *     when canned (made-up addresses, never contacted); against servers it lists the servers
 * @param retryWait the wait between attempts of the retrying contenders
 * @param breakers whether the contenders that can have circuit breakers have them
 * @param paths how many different URLs the calls go to, one after another: {@code /x} when 1,
 *     else {@code /x/0}, {@code /x/1} ... (requests built beforehand, so building them is not
 *     measured)
 * @param serviceSettings Nala settings of {@code bench-service} over the benchmarks' own, in
 *     HOCON as they would stand in its {@code nala.services} block (e.g.
 *     {@code load-balancer = round-robin}); empty for none
 */
record Target(
        List<Integer> ports, int endpoints, Duration retryWait, boolean breakers, int paths, String serviceSettings) {
    static final String SERVICE = "bench-service";

    Target {
        ports = List.copyOf(ports);
    }

    /** No network: every call ends in a canned {@code 200}. */
    static Target canned() {
        return new Target(List.of(), 3, Duration.ofMillis(100), true, 1, "");
    }

    /** The loopback server on {@code port}. */
    static Target loopback(int port) {
        return loopback(List.of(port));
    }

    /** The loopback servers on {@code ports}, instances of one service. */
    static Target loopback(List<Integer> ports) {
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("a loopback target needs at least one port");
        }
        return new Target(ports, ports.size(), Duration.ofMillis(100), true, 1, "");
    }

    boolean isCanned() {
        return ports.isEmpty();
    }

    /** The first server's port, which the clients without discovery call; 0 when canned. */
    int port() {
        return isCanned() ? 0 : ports.get(0);
    }

    Target withEndpoints(int count) {
        return new Target(ports, count, retryWait, breakers, paths, serviceSettings);
    }

    Target withRetryWait(Duration wait) {
        return new Target(ports, endpoints, wait, breakers, paths, serviceSettings);
    }

    Target withBreakers(boolean on) {
        return new Target(ports, endpoints, retryWait, on, paths, serviceSettings);
    }

    Target withPaths(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("paths must be 1 or more, not " + count);
        }
        return new Target(ports, endpoints, retryWait, breakers, count, serviceSettings);
    }

    Target withServiceSettings(String hocon) {
        return new Target(ports, endpoints, retryWait, breakers, paths, hocon);
    }

    /** The URLs for clients without discovery: at the (first) server's address, or any address when canned. */
    List<String> directUrls() {
        return urls("http://127.0.0.1:" + (isCanned() ? 8080 : port()));
    }

    /** The URLs mesh mode sends calls to: the service's Kubernetes DNS name, at the (first) server's port. */
    List<String> clusterUrls() {
        return urls("http://" + SERVICE + ".default.svc.cluster.local:" + (isCanned() ? 8080 : port()));
    }

    /** The URLs for clients that route by service name: at the logical service. */
    List<String> logicalUrls() {
        return urls("http://" + SERVICE);
    }

    private List<String> urls(String origin) {
        if (paths == 1) {
            return List.of(origin + "/x");
        }
        return IntStream.range(0, paths).mapToObj(i -> origin + "/x/" + i).toList();
    }
}
