package dev.nala.benchmarks;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cost of the interceptor chain alone: one GET per operation through each contender's
 * client, whose network is replaced by {@link CannedResponse}, every call to the same URL. Run
 * with {@code -prof gc} for the bytes allocated per call ({@code gc.alloc.rate.norm}).
 * {@link DistinctUrlsBenchmark} is the same with a different URL on each call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChainOverheadBenchmark {
    @Param({
        "raw-okhttp",
        "nala-mesh",
        "nala-standalone",
        "resilience4j",
        "failsafe",
        "routed-by-hand",
        "resilience4j-routed-by-hand",
        "failsafe-routed-by-hand"
    })
    public String client;

    private BenchClient bench;

    @Setup
    public void setUp() throws IOException {
        bench = Clients.create(Contender.fromLabel(client), target());
        int code = bench.get();
        if (code != 200) {
            throw new IllegalStateException(client + " answered " + code + " instead of the canned 200");
        }
    }

    /** Where the calls go. */
    Target target() {
        return Target.canned();
    }

    @TearDown
    public void tearDown() {
        bench.close();
    }

    @Benchmark
    public int call() throws IOException {
        return bench.get();
    }
}
