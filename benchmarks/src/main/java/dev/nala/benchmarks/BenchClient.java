package dev.nala.benchmarks;

import java.io.IOException;

/** One contender, ready to make the same GET again and again. */
interface BenchClient extends AutoCloseable {

    /** Makes one call, reads and closes the body, and returns the final status code. */
    int get() throws IOException;

    /** Releases the client's threads and connections. */
    @Override
    void close();
}
