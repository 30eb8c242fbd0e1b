package dev.nala.benchmarks;

import java.util.List;

/**
 * How the calls of a run spread over the instances of a service, counted at the servers: the
 * requests each {@link LoopbackServer} received since the last look.
 */
final class InstanceShares {
    private final List<LoopbackServer> servers;
    private final long[] seen;

    /** Starts counting from the servers' counts now. */
    InstanceShares(List<LoopbackServer> servers) {
        this.servers = List.copyOf(servers);
        this.seen = new long[servers.size()];
        next();
    }

    /** The requests each server received since the last call (or since this was made), in the servers' order. */
    long[] next() {
        long[] counts = new long[seen.length];
        for (int i = 0; i < seen.length; i++) {
            long now = servers.get(i).requests();
            counts[i] = now - seen[i];
            seen[i] = now;
        }
        return counts;
    }

    /** {@code counts[index]}'s share of all the counts, 0 to 1; 0 when there are none. */
    static double share(long[] counts, int index) {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        return total == 0 ? 0 : (double) counts[index] / total;
    }

    /** The first of {@code windows} in which instance {@code index} had at least {@code share} of the requests, or -1. */
    static int firstWindowWithShare(List<long[]> windows, int index, double share) {
        for (int i = 0; i < windows.size(); i++) {
            if (share(windows.get(i), index) >= share) {
                return i;
            }
        }
        return -1;
    }
}
