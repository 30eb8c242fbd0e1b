package dev.nala.discovery;

/**
 * The {@code index} a watch sends with its next blocking query, following the rules of
 * Consul's blocking-query documentation:
 *
 * <ul>
 *   <li>the first query carries no index (it answers at once with the current state);
 *   <li>an answer's {@code X-Consul-Index} lower than the one before means Consul's state went
 *       backwards (a snapshot restore, a new cluster): start over with a query without index;
 *   <li>an index below 1 is a Consul bug that would make every query return at once: send 1;
 *   <li>after a failed request the next query carries no index either, so a recovered Consul
 *       answers at once instead of holding the query for up to {@code wait}.
 * </ul>
 *
 * A returned value of 0 from {@link #toSend()} means "send no index".
 */
final class BlockingIndex {
    private long lastSeen;
    private boolean blocking;

    /** @return the index to send, at least 1, or 0 for a query that must not block */
    long toSend() {
        return blocking ? Math.max(lastSeen, 1) : 0;
    }

    /** Takes in the {@code X-Consul-Index} of a successful answer (0 if it had none). */
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
