package dev.nala.discovery;

/**
 * The {@code index} a watch sends with its next blocking query, per Consul's rules: none at first,
 * after a failure (so a recovered Consul answers at once) or when the index went backwards; 1 for
 * an index below 1.
 */
final class BlockingIndex {
    private long lastSeen;
    private boolean blocking;

    /** @return at least 1, or 0 for a query that must not block */
    long toSend() {
        return blocking ? Math.max(lastSeen, 1) : 0;
    }

    /** @param returned 0 if the answer had none */
    void answered(long returned) {
        long index = Math.max(returned, 0);
        if (index < lastSeen) {
            lastSeen = 0;
            blocking = false;
        } else {
            lastSeen = index;
            blocking = true;
        }
    }

    void failed() {
        blocking = false;
    }
}
