package dev.nala.internal;

import okhttp3.Dispatcher;

/**
 * Lets a call that waits on a thread of the factory client's dispatcher (a retry's backoff, say)
 * give its place among the dispatcher's {@code max-requests} to a queued call meanwhile, so a
 * service whose calls all wait does not hold up other services' {@code enqueue()} calls.
 *
 * <p>OkHttp counts an asynchronous call against its dispatcher's limits from the moment a thread
 * starts it until it ends, waits included, and offers no way to step out. While a call waits, this
 * raises the dispatcher's {@code maxRequests} by one and lowers it again after, so the total of
 * calls not waiting stays within the limit. The per-host limit (per service) is left alone: a
 * service's waiting calls still count against that service's own share. Raising and lowering are
 * relative, so a limit the application sets on the dispatcher meanwhile is kept.
 */
public final class DispatcherSlots {
    private static final Lent NOTHING_LENT = () -> {};

    private final Object lock = new Object();
    private volatile Dispatcher dispatcher;

    /** Waits that happen while the current thread runs a call from this dispatcher. */
    public DispatcherSlots() {}

    /** Binds this to the dispatcher whose executor makes its threads with {@link #newThread}. */
    public void bind(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /** A thread for the dispatcher's executor, named and kept alive as OkHttp's own are. */
    public Thread newThread(Runnable work) {
        return new DispatcherThread(work, this);
    }

    /** Whether the current thread is one of a factory client's dispatcher threads. */
    public static boolean onDispatcherThread() {
        return Thread.currentThread() instanceof DispatcherThread;
    }

    /**
     * Gives the current call's place to a queued call until {@link Lent#close()}; does nothing
     * unless the current thread is a factory client's dispatcher thread (an {@code execute()} on
     * the caller's own thread holds no place).
     */
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

    /** A place lent by {@link #lend()}; closing takes it back. */
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
