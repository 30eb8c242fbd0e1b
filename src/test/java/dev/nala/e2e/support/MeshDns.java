package dev.nala.e2e.support;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Dns;

/**
 * The cluster's DNS, played on loopback: every {@code *.svc.cluster.local} name (with or without
 * the trailing dot) resolves to 127.0.0.1, where the test's sidecar stand-in listens, except the
 * names declared {@link #withUnknown unknown}; every other name is unknown. It records each name
 * it is asked for, so a test can count lookups.
 */
public final class MeshDns implements Dns {
    private static final byte[] LOOPBACK = {127, 0, 0, 1};

    private final Set<String> unknown;
    private final List<String> lookups = new CopyOnWriteArrayList<>();

    private MeshDns(Set<String> unknown) {
        this.unknown = unknown;
    }

    /** Resolves every {@code *.svc.cluster.local} name to 127.0.0.1. */
    public static MeshDns clusterLocal() {
        return new MeshDns(Set.of());
    }

    /** Like {@link #clusterLocal()}, but these names do not resolve (a Service that does not exist). */
    public static MeshDns withUnknown(String... names) {
        return new MeshDns(Set.of(names));
    }

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
        lookups.add(hostname);
        String name = hostname.endsWith(".") ? hostname.substring(0, hostname.length() - 1) : hostname;
        if (name.endsWith(".svc.cluster.local") && !unknown.contains(name)) {
            return List.of(InetAddress.getByAddress(hostname, LOOPBACK));
        }
        throw new UnknownHostException(hostname + ": no such name in the test cluster");
    }

    /** Every name looked up, in order. */
    public List<String> lookups() {
        return List.copyOf(lookups);
    }
}
