package dev.nala.mode.standalone;

import dev.nala.InvalidServiceNameException;
import dev.nala.internal.ServiceName;
import dev.nala.internal.settings.NalaSettings;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import okhttp3.HttpUrl;

/**
 * One {@link RetryPolicy} per service, built on its first call and then reused (one map lookup, no
 * allocation). Other hosts get {@code nala.defaults} and a budget per {@code host:port}, up to
 * {@value #MAX_OTHER_HOSTS}, then share {@value #OTHER_HOSTS}; see docs/standalone.md.
 */
final class RetryPolicies {
    static final int MAX_OTHER_HOSTS = 1000;
    static final String OTHER_HOSTS = "other-hosts";

    private final NalaSettings settings;
    private final LongSupplier nanoClock;
    private final DoubleSupplier random;
    private final Map<String, RetryPolicy> services = new ConcurrentHashMap<>();
    private final Map<String, HostPolicies> otherHosts = new ConcurrentHashMap<>();
    private final AtomicInteger otherHostPolicies = new AtomicInteger();
    private volatile RetryPolicy overflow;

    RetryPolicies(NalaSettings settings, LongSupplier nanoClock, DoubleSupplier random) {
        this.settings = settings;
        this.nanoClock = nanoClock;
        this.random = random;
    }

    /**
     * @throws InvalidServiceNameException if the host is a single label that is not a valid
     *     service name
     */
    RetryPolicy forUrl(HttpUrl url) throws InvalidServiceNameException {
        String host = url.host();
        if (ServiceName.isLogicalHost(host)) {
            RetryPolicy known = services.get(host);
            return known != null ? known : newService(url);
        }
        HostPolicies ports = otherHosts.get(host);
        int port = url.port();
        if (ports != null && ports.firstPort == port) {
            return ports.first;
        }
        return otherHost(host, port, ports);
    }

    private RetryPolicy newService(HttpUrl url) throws InvalidServiceNameException {
        ServiceName name = ServiceName.fromUrl(url).orElseThrow();
        return services.computeIfAbsent(
                name.value(), key -> RetryPolicy.of(key, settings.service(name), nanoClock, random));
    }

    private RetryPolicy otherHost(String host, int port, HostPolicies existing) {
        HostPolicies ports = existing;
        if (ports == null) {
            if (otherHostPolicies.get() >= MAX_OTHER_HOSTS) {
                return overflow();
            }
            ports = otherHosts.computeIfAbsent(host, h -> new HostPolicies(port, newOtherHost(h, port)));
            if (ports.firstPort == port) {
                return ports.first;
            }
        }
        RetryPolicy known = ports.others.get(port);
        if (known != null) {
            return known;
        }
        if (otherHostPolicies.get() >= MAX_OTHER_HOSTS) {
            return overflow();
        }
        return ports.others.computeIfAbsent(port, p -> newOtherHost(host, p));
    }

    private RetryPolicy newOtherHost(String host, int port) {
        otherHostPolicies.incrementAndGet();
        String key = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        return RetryPolicy.of(key, settings.defaults(), nanoClock, random);
    }

    private RetryPolicy overflow() {
        RetryPolicy shared = overflow;
        if (shared == null) {
            synchronized (this) {
                shared = overflow;
                if (shared == null) {
                    shared = RetryPolicy.of(OTHER_HOSTS, settings.defaults(), nanoClock, random);
                    overflow = shared;
                }
            }
        }
        return shared;
    }

    /** The policies of one host that is not a logical service; almost always one port. */
    private static final class HostPolicies {
        final int firstPort;
        final RetryPolicy first;
        final Map<Integer, RetryPolicy> others = new ConcurrentHashMap<>();

        HostPolicies(int firstPort, RetryPolicy first) {
            this.firstPort = firstPort;
            this.first = first;
        }
    }
}
