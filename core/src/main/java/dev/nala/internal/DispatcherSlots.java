package dev.nala.internal;

import okhttp3.Dispatcher;

/**
 * Lets a call waiting on a dispatcher thread (a retry's backoff, say) give its place among
 * {@code max-requests} to a queued call, so one service's waiting calls do not hold up others'
 * {@code enqueue()} calls. OkHttp has no way to step out, so this raises {@code maxRequests} by one
 * while the call waits (relatively, keeping an application's own changes); per-host is untouched.
 */
public final class DispatcherSlots {
    private static final Lent NOTHING_LENT = () -> {};

    private final Object lock = new Object();
    private volatile Dispatcher dispatcher;

    public DispatcherSlots() {}

    public void bind(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /** Named and kept alive as OkHttp's own are. */
    public Thread newThread(Runnable work) {
        return new DispatcherThread(work, this);
    }

    public static boolean onDispatcherThread() {
        return Thread.currentThread() instanceof DispatcherThread;
    }

    /** Does nothing off a factory dispatcher thread: an {@code execute()} holds no place. */
    public static Lent lend() {
        if (Thread.currentThread() instanceof DispatcherThread thread && thread.slots.dispatcher != null) {
            DispatcherSlots slots = thread.slots;
            slots.change(1);
            return () -> slots.change(-1);
        }
        return NOTHING_LENT;
    }

    private void change(int by) {
        Dispatcher bound = dispatcher;
        synchronized (lock) {
            bound.setMaxRequests(Math.max(1, bound.getMaxRequests() + by));
        }
    }

    @FunctionalInterface
    public interface Lent extends AutoCloseable {
        @Override
        void close();
    }

    private static final class DispatcherThread extends Thread {
        final DispatcherSlots slots;

        DispatcherThread(Runnable work, DispatcherSlots slots) {
            super(work, "OkHttp Dispatcher");
            this.slots = slots;
            setDaemon(false);
        }
    }
}
