package dev.nala.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Where the contenders send their calls.
 *
 * @param port the loopback server's port, or 0 for no network at all: a {@link CannedResponse}
 *     ends every chain
 * @param endpoints how many static endpoints standalone mode lists for {@code bench-service}
 *     when canned (made-up addresses, never contacted); against the server it lists the server
 * @param retryWait the wait between attempts of the retrying contenders
 * @param breakers whether the contenders that can have circuit breakers have them
 * @param paths how many different URLs the calls go to, one after another: {@code /x} when 1,
 *     else {@code /x/0}, {@code /x/1} ... (requests built beforehand, so building them is not
 *     measured)
 */
record Target(int port, int endpoints, Duration retryWait, boolean breakers, int paths) {
    static final String SERVICE = "bench-service";

    /** No network: every call ends in a canned {@code 200}. */
    static Target canned() {
        return new Target(0, 3, Duration.ofMillis(100), true, 1);
    }

    /** The loopback server on {@code port}. */
    static Target loopback(int port) {
        return new Target(port, 1, Duration.ofMillis(100), true, 1);
    }

    boolean isCanned() {
        return port == 0;
    }

    Target withEndpoints(int count) {
        return new Target(port, count, retryWait, breakers, paths);
    }

    Target withRetryWait(Duration wait) {
        return new Target(port, endpoints, wait, breakers, paths);
    }

    Target withBreakers(boolean on) {
        return new Target(port, endpoints, retryWait, on, paths);
    }

    Target withPaths(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("paths must be 1 or more, not " + count);
        }
        return new Target(port, endpoints, retryWait, breakers, count);
    }

    /** The URLs for clients without discovery: at the server's address, or any address when canned. */
    List<String> directUrls() {
        return urls("http://127.0.0.1:" + (isCanned() ? 8080 : port));
    }

    /** The URLs mesh mode sends calls to: the service's Kubernetes DNS name, at the server's port. */
    List<String> clusterUrls() {
        return urls("http://" + SERVICE + ".default.svc.cluster.local:" + (isCanned() ? 8080 : port));
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
