package dev.nala.benchmarks;

import java.io.IOException;
import java.util.function.IntConsumer;

/** One contender, ready to make the same GET again and again. */
interface BenchClient extends AutoCloseable {
    /** What {@link #enqueue} reports for a call that failed instead of getting a status. */
    int FAILED = -1;

    /** Makes one call, reads and closes the body, and returns the final status code. */
    int get() throws IOException;

    /**
     * Starts one call with OkHttp's {@code enqueue()}. Once the body is read and closed,
     * {@code done} gets the final status code, or {@link #FAILED}, on the thread that completed
     * the call (one of OkHttp's); it may start the next call from there.
     */
    void enqueue(IntConsumer done);

    /** Releases the client's threads and connections. */
    @Override
    void close();
}
