package dev.nala;

import java.util.concurrent.TimeUnit;
import okio.AsyncTimeout;

/**
 * Keeps okio's timeouts from waking okio's watchdog thread on every call.
 *
 * <p>OkHttp bounds each socket read and write (and a call timeout, where one is set on a client
 * or call) by entering it into okio's one, JVM-wide queue of timeouts, watched by one thread. An
 * entry that becomes the queue's head (the earliest deadline) wakes that thread, so that it waits
 * for the new deadline. When calls are made one after another the queue is otherwise empty,
 * every read becomes its head, and every call pays for thread hand-offs.
 *
 * <p>The anchor is one entry due sooner than any of those: it is due every {@value #PERIOD_MILLIS}
 * ms and enters itself again each time the watchdog takes it out. A timeout longer than that
 * never becomes the head and never wakes the watchdog, which wakes for the anchor ten times a
 * second instead. Timeouts fire exactly as before; only the queue's head changes. One anchor
 * serves every factory in the JVM, held while at least one of them is open.
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

    /** Puts the anchor in the queue if no open factory has yet. */
    static synchronized void hold() {
        if (holders++ == 0) {
            current = new TimeoutQueueAnchor();
            current.enter();
        }
    }

    /** Takes the anchor out of the queue when the last open factory lets go of it. */
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

    /** How often the current anchor has entered the queue again; -1 when none is held. */
    static synchronized int reentries() {
        return current == null ? -1 : current.reentries;
    }

    /** The watchdog has taken the anchor out of the queue: back in, unless it was released. */
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
