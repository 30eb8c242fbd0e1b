package dev.nala.examples;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Dns;

/**
 * The cluster's DNS, played on a laptop: a Kubernetes Service name ({@code <name>.<namespace>.svc.<domain>},
 * with or without a trailing dot) resolves to 127.0.0.1, where the demo's sidecar stand-in
 * listens; every other name goes to the system resolver. In a pod the name resolves to the
 * Service's address and the sidecar intercepts the connection; here the name leads straight
 * to the stand-in. It records the names it was asked for, so the report can show the name
 * mesh mode really used.
 */
final class ClusterDnsStandIn implements Dns {
    private final List<String> lookups = new CopyOnWriteArrayList<>();

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
        String name = hostname.endsWith(".") ? hostname.substring(0, hostname.length() - 1) : hostname;
        if (name.contains(".svc.")) {
            lookups.add(hostname);
            return List.of(InetAddress.getByAddress(hostname, new byte[] {127, 0, 0, 1}));
        }
        return Dns.SYSTEM.lookup(hostname);
    }

    /** The cluster names looked up so far, in order. */
    List<String> lookups() {
        return List.copyOf(lookups);
    }
}
