package dev.nala;

import java.util.concurrent.TimeUnit;
import okio.AsyncTimeout;

/**
 * One okio timeout due every {@value #PERIOD_MILLIS} ms, so that longer timeouts never become the
 * queue's head and wake the watchdog on every call (docs/benchmarks.md, "The call deadline").
 * Held while any factory is open.
 */
final class TimeoutQueueAnchor extends AsyncTimeout {
    static final long PERIOD_MILLIS = 100;

    private static int holders; // guarded by TimeoutQueueAnchor.class
    private static TimeoutQueueAnchor current; // guarded by TimeoutQueueAnchor.class

    private boolean released; // guarded by TimeoutQueueAnchor.class
    private int reentries; // guarded by TimeoutQueueAnchor.class

    private TimeoutQueueAnchor() {
        timeout(PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    static synchronized void hold() {
        if (holders++ == 0) {
            current = new TimeoutQueueAnchor();
            current.enter();
        }
    }

    static synchronized void release() {
        if (holders == 0) {
            throw new IllegalStateException("the timeout queue anchor is not held");
        }
        if (--holders == 0) {
            current.released = true;
            current.exit();
            current = null;
        }
    }

    /** -1 when none is held. */
    static synchronized int reentries() {
        return current == null ? -1 : current.reentries;
    }

    /** Back in the queue, unless released. */
    @Override
    protected void timedOut() {
        synchronized (TimeoutQueueAnchor.class) {
            if (!released) {
                exit();
                enter();
                reentries++;
            }
        }
    }
}
