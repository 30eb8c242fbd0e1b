package dev.nala.mode.mesh;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Dns;

/**
 * A resolver that plays the cluster's DNS on loopback: names ending in one of the given
 * suffixes, and the given extra names, resolve to 127.0.0.1; anything else is unknown. Records
 * every name it was asked for.
 */
final class ClusterDns implements Dns {
    private final List<String> suffixes;
    private final Set<String> extraNames;
    final List<String> lookups = new CopyOnWriteArrayList<>();

    ClusterDns(List<String> suffixes, Set<String> extraNames) {
        this.suffixes = suffixes;
        this.extraNames = extraNames;
    }

    /** {@code *.svc.cluster.local} plus the given names. */
    static ClusterDns clusterLocal(String... extraNames) {
        return new ClusterDns(List.of(".svc.cluster.local", ".svc.cluster.local."), Set.of(extraNames));
    }

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
        lookups.add(hostname);
        if (extraNames.contains(hostname) || suffixes.stream().anyMatch(hostname::endsWith)) {
            return List.of(InetAddress.getByAddress(hostname, new byte[] {127, 0, 0, 1}));
        }
        throw new UnknownHostException(hostname + " is not a test cluster name");
    }
}
